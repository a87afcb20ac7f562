// A proposal's evidence beyond its note (#20 item 1): the photo of the house or a scanned letter its maker
// attaches while it waits for review, and the reviewer opens beside the diff. Files are judged by their bytes
// (PDF, PNG, JPEG), at most EVIDENCE_MAX_FILES per proposal; only the maker or an admin adds them; operators
// see only their kelurahan's. They show people and homes: every attach and download is audited with it.
import { notFoundT, problem } from '../lib/problem.ts';
import { checkedScan } from '../lib/scan-type.ts';
import { auditBy, scopeOf, type Actor } from './actor.ts';
import type { Db } from './db.ts';
import type { PeriodAccess } from './period-access.ts';
import type { Repositories } from '../repositories/index.ts';

export const EVIDENCE_MAX_BYTES = 5 * 1024 * 1024;
export const EVIDENCE_MAX_FILES = 5;

export class ProposalEvidenceService {
  constructor(
    private readonly db: Db,
    private readonly periods: PeriodAccess,
  ) {}

  /** The proposal, or 404 alike for one that does not exist and one outside the caller's kelurahan. */
  private async proposal(repos: Repositories, actor: Actor, id: string) {
    const p = await repos.proposals.one(actor.regionCode, id);
    const scope = scopeOf(actor).kelurahan;
    if (!p || (scope && !scope.includes(p.kelurahan_code))) throw notFoundT('notFound.proposal', { id });
    return p;
  }

  async attach(actor: Actor, proposalId: string, file: { name: string; content: Buffer }) {
    const { contentType, sha256 } = checkedScan(file, 'evidence.type');
    return this.db.transaction(async (repos) => {
      const [locked] = await repos.proposals.lockForDecision(actor.regionCode, [proposalId]);
      const scope = scopeOf(actor).kelurahan;
      if (!locked || (scope && !scope.includes(locked.kelurahan_code)))
        throw notFoundT('notFound.proposal', { id: proposalId });
      await this.periods.forWrite(locked.period_code);
      if (locked.status !== 'pending') throw problem(409, 'conflict', 'evidence.decided', { id: proposalId });
      if (actor.user?.role !== 'admin' && locked.proposed_by !== actor.user?.id)
        throw problem(403, 'forbidden', 'evidence.notYours', { id: proposalId });
      if ((await repos.evidence.count(proposalId)) >= EVIDENCE_MAX_FILES)
        throw problem(409, 'conflict', 'evidence.tooMany', { id: proposalId, max: EVIDENCE_MAX_FILES });
      const id = await repos.evidence.insert({
        regionCode: actor.regionCode,
        periodCode: locked.period_code,
        proposalId,
        fileName: file.name,
        contentType,
        sha256,
        content: file.content,
        uploadedBy: actor.user.id,
      });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'create',
        entity: 'proposal_evidence',
        entityIds: [proposalId, id],
        periodCode: locked.period_code,
        changes: { fileName: file.name, contentType, bytes: file.content.length, sha256 },
      });
      const [row] = await repos.evidence
        .list(actor.regionCode, [proposalId])
        .then((r) => r.filter((e) => e.id === id));
      return row!;
    });
  }

  /** One file with its bytes; the download is audited in the same transaction. */
  async download(actor: Actor, proposalId: string, id: string) {
    return this.db.transaction(async (repos) => {
      const p = await this.proposal(repos, actor, proposalId);
      const row = await repos.evidence.get(actor.regionCode, proposalId, id);
      if (!row) throw notFoundT('evidence.notFound', { id });
      await repos.audit.append({
        ...auditBy(actor),
        action: 'export',
        entity: 'proposal_evidence',
        entityIds: [proposalId, id],
        periodCode: p.period_code,
        changes: { kelurahan: p.kelurahan_code },
      });
      return row;
    });
  }
}
