// Case plans (problems, needs, handling steps by OPD) and program enrolments for synthetic households.
// Enrolment is drawn to produce realistic coverage gaps (eligible, not enrolled) and leakage (enrolled, not
// eligible). The demo decides "eligible" with the default cut-offs of server/domain/default-programs.ts; the
// product itself always evaluates the stored rules in SQL.
import type { Random } from '../lib/random.ts';
import { addDays, ageOn, uuidFrom } from './demo-households.ts';
import type { HouseholdState, NeedRow, StepRow } from './registry-types.ts';

/** The agency and program that usually answer a need, and what the step is called. */
const NEED_HANDLERS: Record<string, { opd: string; program: string | null; action: string }> = {
  pangan: { opd: 'dinsos', program: 'bpnt', action: 'Usulan bantuan pangan' },
  kesehatan: { opd: 'dinkes', program: 'pbi_jk', action: 'Pendaftaran PBI-JK dan pemeriksaan kesehatan' },
  pendidikan: { opd: 'disdik', program: 'kip', action: 'Usulan KIP/PIP' },
  rumah_layak: { opd: 'disperkim', program: 'rtlh', action: 'Survei dan usulan rehabilitasi RTLH' },
  air_sanitasi: { opd: 'disperkim', program: null, action: 'Sambungan air bersih/jamban' },
  alat_bantu: { opd: 'dinsos', program: 'aspd', action: 'Pemberian alat bantu disabilitas' },
  rehabilitasi_sosial: { opd: 'dinsos', program: null, action: 'Rujukan rehabilitasi sosial' },
  pekerjaan_usaha: { opd: 'disnaker', program: null, action: 'Pelatihan kerja/modal usaha' },
  adminduk: { opd: 'dispendukcapil', program: null, action: 'Perbaikan data kependudukan' },
  pendampingan_lansia: { opd: 'dinsos', program: null, action: 'Pendampingan lansia' },
  permakanan: { opd: 'dinsos', program: null, action: 'Layanan permakanan' },
};

function activeMembers(s: HouseholdState) {
  return s.members.filter((m) => m.status === 'active');
}

function schoolAge(s: HouseholdState, on: string) {
  return activeMembers(s).filter((m) => {
    const age = ageOn(m.birth_date, on);
    return age >= 6 && age <= 21;
  });
}

/** Problems and needs recorded when a household enters the registry. */
export function initialCasePlan(rng: Random, s: HouseholdState, on: string): void {
  const h = s.household;
  const head = s.members[0]!;
  const headAge = ageOn(head.birth_date, on);
  const hid = h.id;
  const problem = (code: string, memberId: string | null = null) =>
    s.problems.push({
      id: uuidFrom(rng),
      household_id: hid,
      ppks_code: code,
      member_id: memberId,
      recorded_on: addDays(on, -rng.int(0, 170)),
    });
  const need = (code: string, memberId: string | null = null) =>
    s.needs.push({
      id: uuidFrom(rng),
      household_id: hid,
      need_code: code,
      member_id: memberId,
      met: false,
      recorded_on: addDays(on, -rng.int(0, 170)),
    });

  if (h.desil <= 2 && rng.chance(0.6)) problem('fakir_miskin');
  for (const m of s.members) {
    if (m.disabilities.length && rng.chance(0.8)) {
      problem(ageOn(m.birth_date, on) < 18 ? 'anak_disabilitas' : 'penyandang_disabilitas', m.id);
      if (rng.chance(0.5))
        need(m.disabilities[0]!.type === 'mental' ? 'rehabilitasi_sosial' : 'alat_bantu', m.id);
    }
  }
  if (headAge >= 65 && s.members.length === 1 && h.desil <= 4 && rng.chance(0.5)) {
    problem('lansia_terlantar');
    need(rng.chance(0.5) ? 'pendampingan_lansia' : 'permakanan');
  }
  if (head.sex === 'P' && h.desil <= 3 && rng.chance(0.35)) problem('perempuan_rawan_sosial_ekonomi');
  if (h.desil <= 3 && rng.chance(0.5)) need('pangan');
  if (s.members.some((m) => m.chronic_illness) && rng.chance(0.5)) need('kesehatan');
  if (h.unfit_house && rng.chance(0.9)) need('rumah_layak');
  if (h.toilet === 'tidak_ada' && rng.chance(0.7)) need('air_sanitasi');
  if (h.desil <= 4 && schoolAge(s, on).length && rng.chance(0.3)) need('pendidikan');
  if (h.desil <= 4 && headAge < 60 && rng.chance(0.15)) need('pekerjaan_usaha');
  if (s.members.some((m) => !m.nik_valid) && rng.chance(0.5)) need('adminduk');
  for (const n of s.needs) if (rng.chance(0.6)) s.steps.push(newStep(rng, n, on));
}

function newStep(rng: Random, need: NeedRow, on: string): StepRow {
  const handler = NEED_HANDLERS[need.need_code] ?? { opd: 'dinsos', program: null, action: 'Tindak lanjut' };
  const planned = addDays(on, -rng.int(0, 150));
  const status = weightedStatus(rng);
  const started = status === 'planned' ? null : addDays(planned, rng.int(5, 30));
  return {
    id: uuidFrom(rng),
    household_id: need.household_id,
    need_id: need.id,
    opd_code: handler.opd,
    program_code: handler.program,
    action: handler.action,
    status,
    planned_on: planned,
    due_on: addDays(planned, rng.int(30, 180)),
    started_on: started,
    done_on: status === 'done' ? addDays(started!, rng.int(5, 60)) : null,
  };
}

function weightedStatus(rng: Random): StepRow['status'] {
  const u = rng.next();
  return u < 0.35 ? 'planned' : u < 0.7 ? 'ongoing' : u < 0.95 ? 'done' : 'cancelled';
}

/** Six months on: steps progress, done steps meet their needs, a few new needs get steps. */
export function progressCasePlan(rng: Random, s: HouseholdState, on: string): void {
  for (const step of s.steps) {
    if (step.status === 'planned' && rng.chance(0.5)) {
      step.status = 'ongoing';
      step.started_on = addDays(on, -rng.int(10, 150));
    } else if (step.status === 'ongoing' && rng.chance(0.5)) {
      step.status = 'done';
      step.done_on = addDays(on, -rng.int(0, 60));
      if (step.started_on && step.done_on < step.started_on) step.done_on = step.started_on;
    }
    if (step.status === 'done') {
      const need = s.needs.find((n) => n.id === step.need_id);
      if (need && rng.chance(0.7)) need.met = true;
    }
  }
  for (const n of s.needs) {
    if (!n.met && !s.steps.some((st) => st.need_id === n.id) && rng.chance(0.3))
      s.steps.push(newStep(rng, n, on));
  }
}

interface DemoProgram {
  code: string;
  cutoff: number;
  /** Members that make the household eligible (person-level programs enrol each of them). */
  members?: (s: HouseholdState, on: string) => HouseholdState['members'];
  extra?: (s: HouseholdState) => boolean;
}

const PROGRAMS: readonly DemoProgram[] = [
  { code: 'pkh', cutoff: 4 },
  { code: 'bpnt', cutoff: 5 },
  { code: 'pbi_jk', cutoff: 5 },
  { code: 'kip', cutoff: 4, members: schoolAge },
  { code: 'rtlh', cutoff: 4, extra: (s) => s.household.unfit_house },
  {
    code: 'aspd',
    cutoff: 5,
    members: (s) => activeMembers(s).filter((m) => m.disabilities.some((d) => d.severity === 'berat')),
  },
];

/**
 * Enrolments for this period: existing ones mostly persist (also after a household stops being eligible,
 * which is where leakage comes from); newly eligible households are enrolled with the area's coverage rate;
 * a few near-miss households are enrolled although not eligible.
 */
export function updateEnrolments(rng: Random, s: HouseholdState, on: string, coverage: number): void {
  const h = s.household;
  if (h.status !== 'active') {
    s.enrolments = [];
    return;
  }
  // Enrolled households that are still eligible mostly stay; those no longer eligible are often not yet
  // removed from the list (the leakage OPDs are asked to clean up).
  const kept = s.enrolments.filter((e) => {
    const p = PROGRAMS.find((x) => x.code === e.program_code)!;
    return rng.chance(h.desil <= p.cutoff ? 0.95 : 0.5);
  });
  const has = (code: string, memberId: string | null) =>
    kept.some((e) => e.program_code === code && e.member_id === memberId);
  const eligibleNow = new Set<string>();
  for (const p of PROGRAMS) {
    const eligibleHousehold = h.desil <= p.cutoff && (p.extra?.(s) ?? true);
    const targets = p.members ? p.members(s, on).map((m) => m.id) : [null];
    for (const memberId of targets) {
      const key = `${p.code}|${memberId ?? ''}`;
      if (eligibleHousehold) eligibleNow.add(key);
      if (has(p.code, memberId)) continue;
      // Newly eligible: enrolled at the area's coverage rate; eligible before and still left out: a small
      // catch-up chance (so the coverage gap persists, as it does in reality); near misses: leakage.
      const nearMiss = h.desil <= p.cutoff + 2 && (p.extra?.(s) ?? true);
      const chance = eligibleHousehold ? (s.eligibleBefore.has(key) ? 0.08 : coverage) : nearMiss ? 0.02 : 0;
      if (chance > 0 && rng.chance(chance)) {
        kept.push({
          id: uuidFrom(rng),
          household_id: h.id,
          program_code: p.code,
          member_id: memberId,
          enrolled_on: addDays(on, -rng.int(0, 170)),
        });
      }
    }
  }
  s.eligibleBefore = eligibleNow;
  // A person-level enrolment only stands while that person is an active member.
  const active = new Set(activeMembers(s).map((m) => m.id));
  s.enrolments = kept.filter((e) => e.member_id === null || active.has(e.member_id));
}
