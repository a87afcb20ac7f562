// A proposal's evidence files (migrations/20261207_0022_proposal_evidence.ts). SQL only: the service checks who
// may attach or read, what the bytes are, and writes the audit row in the same transaction.
import type { Knex } from 'knex';
import { storedFileColumns, type StoredFileInput } from './stored-file.ts';

export interface EvidenceRow {
  id: string;
  proposal_id: string;
  file_name: string;
  content_type: string;
  bytes: number;
  uploaded_by_username: string | null;
  uploaded_at: Date;
}

const META = [
  'e.id',
  'e.proposal_id',
  'e.file_name',
  'e.content_type',
  'e.bytes',
  'u.username as uploaded_by_username',
  'e.uploaded_at',
];

export class ProposalEvidenceRepository {
  constructor(private readonly knex: Knex) {}

  async insert(row: StoredFileInput & { proposalId: string }): Promise<string> {
    const [inserted] = await this.knex('proposal_evidence')
      .insert({ ...storedFileColumns(row), proposal_id: row.proposalId })
      .returning<Array<{ id: string }>>('id');
    return inserted!.id;
  }

  /** The files of these proposals, without their contents, oldest first. */
  async list(regionCode: string, proposalIds: readonly string[]): Promise<EvidenceRow[]> {
    if (proposalIds.length === 0) return [];
    return this.knex('proposal_evidence as e')
      .join('users as u', 'u.id', 'e.uploaded_by')
      .where('e.region_code', regionCode)
      .whereIn('e.proposal_id', [...proposalIds])
      .orderBy([{ column: 'e.uploaded_at' }, { column: 'e.id' }])
      .select<EvidenceRow[]>(...META);
  }

  async count(proposalId: string): Promise<number> {
    const [row] = await this.knex('proposal_evidence')
      .where({ proposal_id: proposalId })
      .count<Array<{ count: string }>>('* as count');
    return Number(row?.count ?? 0);
  }

  /** One file with its bytes. */
  async get(
    regionCode: string,
    proposalId: string,
    id: string,
  ): Promise<(EvidenceRow & { content: Buffer }) | undefined> {
    return this.knex('proposal_evidence as e')
      .join('users as u', 'u.id', 'e.uploaded_by')
      .where({ 'e.region_code': regionCode, 'e.proposal_id': proposalId, 'e.id': id })
      .first<(EvidenceRow & { content: Buffer }) | undefined>(...META, 'e.content');
  }
}
