// The proposals screen's state and actions (usulan, #20 item 1): the list of a period's proposals by kelurahan
// with their diffs, the reviewer's selection and decisions (one, or a batch: all or none, the API's rule), and
// the approval policy admins set. Operators see their kelurahan's proposals and the decisions, read-only.
import { getJson, sendJson } from '../api';
import { i18n, type MessageKey } from '../i18n.svelte';
import { kelurahanFor, type KelurahanOption } from '../records/record-kelurahan';
import { session } from '../session.svelte';
import type { ApprovalPolicy, DecisionAnswer, Proposal, ProposalList } from '../types/api-types';
import { codesOf, type CodeOf } from '../types/code-lists';
import { mayCall } from '../types/roles';

export type ProposalStatus = CodeOf<'proposalStatus'>;
export const PROPOSAL_STATUSES = codesOf('proposalStatus');
type ApprovalKind = CodeOf<'approvalKind'>;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export class ProposalsManager {
  list = $state<Proposal[] | undefined>();
  period = $state<string | undefined>();
  loadError = $state<string | undefined>();
  statusFilter = $state<ProposalStatus>('pending');
  kelurahanFilter = $state('');
  kelurahanOptions = $state<KelurahanOption[]>([]);
  /** The proposals ticked for a batch decision, by id. */
  selected = $state<string[]>([]);
  reason = $state('');
  reasonError = $state<string | undefined>();
  busy = $state(false);
  /** The last outcome, for the screen's status line (aria-live). */
  status = $state<{ ok: boolean; text: string } | undefined>();

  policy = $state<ApprovalPolicy | undefined>();
  policyDraft = $state<ApprovalKind[]>([]);
  policySaving = $state(false);

  readonly mayDecide = $derived(mayCall('POST /api/v1/proposals/decisions', session.user?.role));
  readonly maySetPolicy = $derived(mayCall('PUT /api/v1/approval-policy', session.user?.role));
  /** The proposals this user may decide now: pending, and not their own (maker–checker). */
  readonly decidable = $derived((this.list ?? []).filter((p) => this.mayDecideOn(p)));

  mayDecideOn(p: Proposal): boolean {
    return this.mayDecide && p.status === 'pending' && p.proposedBy !== session.user?.username;
  }

  isOwn(p: Proposal): boolean {
    return p.proposedBy === session.user?.username;
  }

  kelurahanName(code: string): string {
    return this.kelurahanOptions.find((k) => k.code === code)?.name ?? code;
  }

  async load(signal?: AbortSignal): Promise<void> {
    this.loadError = undefined;
    const kelurahan = this.kelurahanFilter ? `&kelurahan=${encodeURIComponent(this.kelurahanFilter)}` : '';
    const q = `status=${encodeURIComponent(this.statusFilter)}${kelurahan}`;
    try {
      const [answer, policy, options] = await Promise.all([
        getJson<ProposalList>(`/api/v1/proposals?${q}`, signal),
        getJson<ApprovalPolicy>('/api/v1/approval-policy', signal),
        this.kelurahanOptions.length ? this.kelurahanOptions : kelurahanFor(session.user?.kelurahan),
      ]);
      this.list = answer.proposals;
      this.period = answer.period;
      this.kelurahanOptions = options;
      // A reload (after an upload, a decision, a second load racing the first) keeps ticks not yet saved.
      const untouched =
        !this.policy ||
        (this.policyDraft.length === this.policy.requires.length &&
          this.policyDraft.every((k) => this.policy!.requires.includes(k)));
      this.policy = policy;
      if (untouched) this.policyDraft = [...policy.requires];
      // A ticked proposal that is no longer listed (decided elsewhere, filtered away) is no longer selected.
      this.selected = this.selected.filter((id) => this.decidable.some((p) => p.id === id));
    } catch (err) {
      if (!signal?.aborted) this.loadError = message(err);
    }
  }

  private say(ok: boolean, key: MessageKey, params: Record<string, string | number> = {}) {
    this.status = { ok, text: i18n.t(key, params) };
  }

  toggle(id: string, on: boolean): void {
    const rest = this.selected.filter((x) => x !== id);
    this.selected = on ? [...rest, id] : rest;
  }

  toggleAll(on: boolean): void {
    this.selected = on ? this.decidable.map((p) => p.id) : [];
  }

  /**
   * Approves or rejects the proposals named (a rejection needs a reason). True when decided; on a refusal
   * (own proposal, stale household, already decided) nothing is applied and the API's sentence is shown.
   */
  async decide(decision: 'approve' | 'reject', ids: readonly string[]): Promise<boolean> {
    this.status = undefined;
    this.reasonError = undefined;
    if (ids.length === 0) {
      this.say(false, 'propNothingSelected');
      return false;
    }
    const reason = this.reason.trim();
    if (decision === 'reject' && !reason) {
      this.reasonError = i18n.t('propRejectNeedsReason');
      return false;
    }
    this.busy = true;
    try {
      const answer = await sendJson<DecisionAnswer>(
        'POST',
        '/api/v1/proposals/decisions',
        { ids, decision, ...(reason ? { reason } : {}) },
        session.csrf,
      );
      const n = answer?.proposals.length ?? ids.length;
      this.say(true, decision === 'approve' ? 'propApproved' : 'propRejected', { n });
      this.reason = '';
      this.selected = this.selected.filter((id) => !ids.includes(id));
      await this.load();
      return true;
    } catch (err) {
      this.status = { ok: false, text: message(err) };
      return false;
    } finally {
      this.busy = false;
    }
  }

  togglePolicy(kind: ApprovalKind, on: boolean): void {
    const rest = this.policyDraft.filter((k) => k !== kind);
    this.policyDraft = on ? [...rest, kind] : rest;
  }

  async savePolicy(): Promise<void> {
    this.policySaving = true;
    this.status = undefined;
    try {
      const saved = await sendJson<ApprovalPolicy>(
        'PUT',
        '/api/v1/approval-policy',
        { requires: this.policyDraft },
        session.csrf,
      );
      if (saved) {
        this.policy = saved;
        this.policyDraft = [...saved.requires];
      }
      this.say(true, 'propPolicySaved');
    } catch (err) {
      this.status = { ok: false, text: message(err) };
    } finally {
      this.policySaving = false;
    }
  }
}
