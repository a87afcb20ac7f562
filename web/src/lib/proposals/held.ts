// An operator's edit that the approval policy holds for review is answered 202 with its proposal instead of the
// saved record (server/schemas/proposal.ts ProposedAnswer). Every screen that writes a household tells the two
// apart through this, so nobody is told "saved" for a change that is still waiting for a reviewer.
import { i18n } from '../i18n.svelte';
import { notify } from '../ui/notify';

export interface HeldAnswer {
  proposal: { id: string; status: 'pending'; kind: string; householdId: string | null };
}

/** True when the write's answer is a proposal held for review, not the saved record. */
export function isHeld(answer: unknown): answer is HeldAnswer {
  if (typeof answer !== 'object' || answer === null || !('proposal' in answer)) return false;
  const p = answer.proposal;
  return typeof p === 'object' && p !== null && (p as { status?: unknown }).status === 'pending';
}

/** Confirms a household write: "held for review" for a proposal, else the screen's own saved message. */
export function confirmWrite(answer: unknown, saved: () => string): void {
  if (isHeld(answer)) notify.info(i18n.t('propHeld'));
  else notify.saved(saved());
}
