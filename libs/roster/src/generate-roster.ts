/**
 * A seeded, reproducible P3KE roster for Musi Banyuasin (docs/benefit-rules.md "Members"): the CSV that
 * `POST /api/members/imports` takes, with valid NIKs, the programme's decile proportions and, on
 * request, duplicates and invalid rows in known numbers. Same options and seed, same file.
 */
import { HeirInput, nikDatePart, ROSTER_COLUMNS, RosterColumn } from '@app/domain/members';

export type Rng = () => number;

/** mulberry32: a small, fast 32-bit PRNG; good enough for test data, never for secrets. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** FNV-1a: a 32-bit seed from text, e.g. to derive a row's own generator from its NIK. */
export function seedFrom(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const int = (rng: Rng, min: number, max: number): number => min + Math.floor(rng() * (max - min + 1));
const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)];
function weighted<T>(rng: Rng, items: readonly (readonly [T, number])[]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [item, w] of items) {
    r -= w;
    if (r < 0) return item;
  }
  return items[items.length - 1][0];
}
function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** The 15 kecamatan of Kabupaten Musi Banyuasin (16.06) with their Kemendagri codes, some villages, a weight. */
export const MUSI_BANYUASIN_SUBDISTRICTS = [
  {
    code: '01',
    name: 'Sekayu',
    weight: 12,
    villages: [
      'Balai Agung',
      'Kayuara',
      'Serasan Jaya',
      'Soak Baru',
      'Bailangu',
      'Lumpatan',
      'Muara Teladan',
      'Sukarami',
    ],
  },
  {
    code: '02',
    name: 'Lais',
    weight: 6,
    villages: ['Lais', 'Teluk Kijing I', 'Petaling', 'Tanjung Agung Utara', 'Danau Cala', 'Epil'],
  },
  {
    code: '03',
    name: 'Sungai Keruh',
    weight: 6,
    villages: ['Tebing Bulang', 'Kertayu', 'Gajah Mati', 'Sungai Dua', 'Tanjung Raya'],
  },
  {
    code: '04',
    name: 'Batanghari Leko',
    weight: 5,
    villages: ['Sako Suban', 'Lubuk Bintialo', 'Pangkalan Bulian', 'Bukit Sejahtera', 'Tanah Abang'],
  },
  {
    code: '05',
    name: 'Sanga Desa',
    weight: 6,
    villages: ['Ngulak I', 'Ngulak II', 'Terusan', 'Keban I', 'Air Balui', 'Kemang'],
  },
  {
    code: '06',
    name: 'Babat Toman',
    weight: 7,
    villages: ['Babat', 'Toman', 'Kasmaran', 'Mangun Jaya', 'Sugi Waras', 'Sereka'],
  },
  {
    code: '07',
    name: 'Sungai Lilin',
    weight: 10,
    villages: ['Sungai Lilin', 'Bumi Kencana', 'Srigunung', 'Linggosari', 'Mulyo Rejo', 'Cinta Damai'],
  },
  {
    code: '08',
    name: 'Keluang',
    weight: 7,
    villages: ['Keluang', 'Dawas', 'Tenggaro', 'Karya Maju', 'Mekar Jaya'],
  },
  {
    code: '09',
    name: 'Bayung Lencir',
    weight: 10,
    villages: [
      'Bayung Lencir',
      'Muara Merang',
      'Pulai Gading',
      'Simpang Tungkal',
      'Sindang Marga',
      'Mangsang',
    ],
  },
  {
    code: '10',
    name: 'Lawang Wetan',
    weight: 5,
    villages: ['Ulak Paceh', 'Karang Ringin I', 'Sungai Angit', 'Bangun Harjo', 'Teluk Kemang'],
  },
  {
    code: '11',
    name: 'Tungkal Jaya',
    weight: 6,
    villages: ['Peninggalan', 'Sumber Agung', 'Beji Mulyo', 'Sinar Harapan', 'Suka Damai'],
  },
  {
    code: '12',
    name: 'Lalan',
    weight: 7,
    villages: ['Sukajadi', 'Karang Agung', 'Mekar Sari', 'Bumi Agung', 'Sri Karang Rejo'],
  },
  {
    code: '13',
    name: 'Plakat Tinggi',
    weight: 5,
    villages: ['Pinang Banjar', 'Suka Jaya', 'Purwosari', 'Sido Mulyo', 'Cipta Praja'],
  },
  {
    code: '14',
    name: 'Babat Supat',
    weight: 5,
    villages: ['Babat Banyuasin', 'Supat', 'Sumber Rejeki', 'Letang', 'Sungai Angit'],
  },
  {
    code: '15',
    name: 'Jirak Jaya',
    weight: 3,
    villages: ['Jirak', 'Talang Mandung', 'Talang Simpang', 'Sukamaju'],
  },
] as const;

const OCCUPATIONS: readonly (readonly [string, number])[] = [
  ['petani karet', 34],
  ['petani sawit', 14],
  ['buruh harian lepas', 12],
  ['buruh tani', 8],
  ['pedagang kecil', 8],
  ['nelayan', 6],
  ['tukang ojek', 5],
  ['pekebun', 4],
  ['tukang bangunan', 4],
  ['pengrajin anyaman', 3],
  ['penyadap getah', 2],
];

const MALE_NAMES = [
  'Ahmad',
  'Muhammad',
  'Abdul',
  'Rudi',
  'Hendra',
  'Joko',
  'Slamet',
  'Sukarman',
  'Darmawan',
  'Iskandar',
  'Zulkifli',
  'Syahrial',
  'Husin',
  'Rahmat',
  'Arman',
  'Dedi',
  'Yusuf',
  'Herman',
  'Firdaus',
  'Agus',
  'Bambang',
  'Sutrisno',
  'Hasan',
  'Romli',
  'Jamaludin',
  'Marzuki',
];
const FEMALE_NAMES = [
  'Siti',
  'Nurhayati',
  'Aminah',
  'Fatimah',
  'Sri',
  'Rohani',
  'Yuliana',
  'Masnah',
  'Rosidah',
  'Sumiati',
  'Halimah',
  'Dewi',
  'Lestari',
  'Maimunah',
  'Zubaidah',
  'Kartini',
  'Nurjanah',
  'Rita',
  'Asmah',
  'Yanti',
  'Marlina',
  'Sartini',
  'Hasanah',
  'Juwita',
];
const MALE_SECOND_NAMES = [
  'Saputra',
  'Hidayat',
  'Fauzi',
  'Rahman',
  'Santoso',
  'Wijaya',
  'Effendi',
  'Harahap',
  'Pratama',
  'Kurniawan',
  'Syahputra',
  'Setiawan',
  'Ibrahim',
  'Hakim',
];
const FEMALE_SECOND_NAMES = [
  'Susanti',
  'Wati',
  'Sari',
  'Ningsih',
  'Anggraini',
  'Purnama',
  'Lestari',
  'Yani',
  'Rahmawati',
  'Fitriani',
  'Handayani',
  'Suryani',
];

/** P3KE deciles 1-3 of the programme: 12,451 / 24,119 / 8,430 of 45,000. */
export const PROGRAMME_DECILE_COUNTS: readonly [number, number, number] = [12_451, 24_119, 8_430];

/** Splits n in the programme's decile proportions (largest remainder): exact at n = 45,000. */
export function decileCounts(n: number): [number, number, number] {
  const total = PROGRAMME_DECILE_COUNTS.reduce((a, b) => a + b, 0);
  const counts = PROGRAMME_DECILE_COUNTS.map((c) => Math.floor((n * c) / total));
  const order = PROGRAMME_DECILE_COUNTS.map((c, i) => ({ i, rest: (n * c) % total })).sort(
    (a, b) => b.rest - a.rest || a.i - b.i,
  );
  const short = n - counts.reduce((a, b) => a + b, 0);
  for (let k = 0; k < short; k++) counts[order[k].i]++;
  return [counts[0], counts[1], counts[2]];
}

export type RosterRow = Record<RosterColumn, string>;
export type RowKind = 'valid' | 'duplicate' | 'invalid';

export interface GenerateRosterOptions {
  rows: number;
  seed: number;
  /** Share of rows with exactly one invalid field (default 0). */
  invalidRate?: number;
  /** Share of rows repeating the NIK of an earlier valid row (default 0). */
  duplicateRate?: number;
  /** The month most coverage starts fall in (default 2025-01); others up to 5 months later. */
  programmeStart?: string;
  /** Ages are drawn relative to this date (default 2025-01-01); no clock is read. */
  referenceDate?: string;
}

export interface InvalidRow {
  /** Data row number, from 1 (docs/api.md). */
  row: number;
  /** The field an import must report. */
  field: RosterColumn;
  defect: string;
}

export interface GeneratedRoster {
  rows: RosterRow[];
  kinds: RowKind[];
  /** What an import of `rows` into an empty register must report (docs/api.md: total = the sum). */
  expected: { valid: number; duplicates: number; invalid: number };
  invalidRows: InvalidRow[];
}

const iso = (y: number, m: number, d: number) =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
function addMonthsTo(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const t = y * 12 + (m - 1) + n;
  return `${String(Math.floor(t / 12)).padStart(4, '0')}-${String((t % 12) + 1).padStart(2, '0')}`;
}

function personName(rng: Rng, sex: 'M' | 'F'): string {
  const given = pick(rng, sex === 'M' ? MALE_NAMES : FEMALE_NAMES);
  return rng() < 0.75
    ? `${given} ${pick(rng, sex === 'M' ? MALE_SECOND_NAMES : FEMALE_SECOND_NAMES)}`
    : given;
}

/** A birth date for someone aged between minAge and maxAge on `reference`. */
function birthDateAged(rng: Rng, reference: string, minAge: number, maxAge: number): string {
  const refYear = Number(reference.slice(0, 4));
  const y = refYear - int(rng, minAge, maxAge);
  const m = int(rng, 1, 12);
  return iso(y, m, int(rng, 1, daysIn(y, m)));
}

type Defect = { field: RosterColumn; defect: string; apply: (row: RosterRow) => void };

const DEFECTS: readonly Defect[] = [
  { field: 'nik', defect: 'NIK of 15 digits', apply: (r) => (r.nik = r.nik.slice(0, 15)) },
  {
    field: 'nik',
    defect: 'NIK date part for the other sex',
    apply: (r) =>
      (r.nik = r.nik.slice(0, 6) + nikDatePart(r.birthDate, r.sex === 'M' ? 'F' : 'M') + r.nik.slice(12)),
  },
  { field: 'sex', defect: 'sex not M or F', apply: (r) => (r.sex = 'X') },
  { field: 'p3keDesil', defect: 'decile 4', apply: (r) => (r.p3keDesil = '4') },
  {
    field: 'coverageStart',
    defect: 'coverage start mid-month',
    apply: (r) => (r.coverageStart = r.coverageStart.slice(0, 8) + '15'),
  },
  {
    field: 'declaredMonthlyIncome',
    defect: 'income below the minimum',
    apply: (r) => (r.declaredMonthlyIncome = '750000'),
  },
  { field: 'fullName', defect: 'empty name', apply: (r) => (r.fullName = '') },
  {
    field: 'birthDate',
    defect: 'impossible birth date',
    apply: (r) => (r.birthDate = `${r.birthDate.slice(0, 4)}-02-30`),
  },
];

export function generateRoster(options: GenerateRosterOptions): GeneratedRoster {
  const { rows: n, seed } = options;
  if (!Number.isInteger(n) || n < 0) throw new RangeError('rows must be a whole number >= 0');
  const programmeStart = options.programmeStart ?? '2025-01';
  const reference = options.referenceDate ?? '2025-01-01';
  const rng = mulberry32(seed);

  let invalid = Math.round(n * (options.invalidRate ?? 0));
  let duplicates = Math.round(n * (options.duplicateRate ?? 0));
  invalid = Math.min(invalid, n);
  duplicates = Math.min(duplicates, Math.max(0, n - invalid - 1)); // a duplicate needs an earlier valid row
  const valid = n - invalid - duplicates;

  const kinds: RowKind[] = shuffle(rng, [
    ...Array<RowKind>(valid).fill('valid'),
    ...Array<RowKind>(duplicates).fill('duplicate'),
    ...Array<RowKind>(invalid).fill('invalid'),
  ]);
  const firstKept = kinds.findIndex((k) => k !== 'invalid');
  if (firstKept >= 0 && kinds[firstKept] === 'duplicate') {
    const firstValid = kinds.indexOf('valid');
    [kinds[firstKept], kinds[firstValid]] = [kinds[firstValid], kinds[firstKept]];
  }

  const [d1, d2, d3] = decileCounts(valid);
  const deciles = shuffle(rng, [
    ...Array<string>(d1).fill('1'),
    ...Array<string>(d2).fill('2'),
    ...Array<string>(d3).fill('3'),
  ]);
  const subdistrictWeights = MUSI_BANYUASIN_SUBDISTRICTS.map((s) => [s, s.weight] as const);
  const used = new Set<string>();
  const nextSerial = new Map<string, number>();

  const person = (decile: string): RosterRow => {
    const subdistrict = weighted(rng, subdistrictWeights);
    const sex = rng() < 0.5 ? 'M' : 'F';
    const birthDate = birthDateAged(rng, reference, 18, 64);
    const prefix = `1606${subdistrict.code}${nikDatePart(birthDate, sex)}`;
    let serial = nextSerial.get(prefix) ?? 1;
    while (used.has(`${prefix}${String(serial).padStart(4, '0')}`)) serial++;
    const nik = `${prefix}${String(serial).padStart(4, '0')}`;
    nextSerial.set(prefix, serial + 1);
    used.add(nik);
    const income = weighted(rng, [
      ['', 75],
      ['1000000', 20],
      ['1200000', 2],
      ['1500000', 2],
      ['2000000', 1],
    ] as const);
    const startOffset = rng() < 0.8 ? 0 : int(rng, 1, 5);
    return {
      nik,
      fullName: personName(rng, sex),
      birthDate,
      sex,
      village: pick(rng, subdistrict.villages),
      subdistrict: subdistrict.name,
      occupation: weighted(rng, OCCUPATIONS),
      p3keDesil: decile,
      declaredMonthlyIncome: income,
      coverageStart: `${addMonthsTo(programmeStart, startOffset)}-01`,
    };
  };

  const rows: RosterRow[] = [];
  const validRows: RosterRow[] = [];
  const invalidRows: InvalidRow[] = [];
  let decileIndex = 0;
  kinds.forEach((kind, i) => {
    if (kind === 'valid') {
      const row = person(deciles[decileIndex++]);
      validRows.push(row);
      rows.push(row);
    } else if (kind === 'duplicate') {
      rows.push({ ...pick(rng, validRows) });
    } else {
      const row = person(
        weighted(rng, [
          ['1', 12_451],
          ['2', 24_119],
          ['3', 8_430],
        ] as const),
      );
      const defect = pick(rng, DEFECTS);
      const original = row.nik;
      defect.apply(row);
      // A corrupted NIK must not repeat another row's, or an import could count it a duplicate.
      while (row.nik !== original && used.has(row.nik))
        row.nik = row.nik.slice(0, 12) + String((Number(row.nik.slice(12)) + 1) % 10_000).padStart(4, '0');
      used.add(row.nik);
      invalidRows.push({ row: i + 1, field: defect.field, defect: defect.defect });
      rows.push(row);
    }
  });

  return { rows, kinds, expected: { valid, duplicates, invalid }, invalidRows };
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** RFC 4180 CSV with the roster header (docs/api.md), `\n` line ends and a final newline. */
export function toCsv(rows: readonly RosterRow[]): string {
  const lines = [ROSTER_COLUMNS.join(',')];
  for (const row of rows) lines.push(ROSTER_COLUMNS.map((c) => csvCell(row[c] ?? '')).join(','));
  return lines.join('\n') + '\n';
}

/**
 * Plausible registered heirs for a roster row (the CSV has no heirs column): a spouse and
 * children for most adults, otherwise a parent or sibling; a few members have none, so that
 * the NO_HEIR rule is exercised. Ages are relative to the row's coverage start.
 */
export function heirsFor(row: RosterRow, rng: Rng): HeirInput[] {
  const reference = /^\d{4}-\d{2}-\d{2}$/.test(row.coverageStart) ? row.coverageStart : '2025-01-01';
  const refYear = Number(reference.slice(0, 4));
  const birthYear = Number(row.birthDate.slice(0, 4)) || refYear - 35;
  const age = refYear - birthYear;
  const memberSex = row.sex === 'F' ? 'F' : 'M';
  const otherSex = memberSex === 'M' ? 'F' : 'M';
  if (rng() < 0.03) return [];

  const heirs: HeirInput[] = [];
  if (age >= 21 && rng() < 0.85) {
    const spouseYear = birthYear + (memberSex === 'M' ? int(rng, 0, 8) : -int(rng, 0, 8));
    const m = int(rng, 1, 12);
    heirs.push({
      fullName: personName(rng, otherSex),
      relationship: 'SPOUSE',
      birthDate: iso(spouseYear, m, int(rng, 1, daysIn(spouseYear, m))),
    });
    const count = weighted(rng, [
      [0, 10],
      [1, 20],
      [2, 30],
      [3, 25],
      [4, 15],
    ] as const);
    const minYear = birthYear + 19;
    const maxYear = Math.min(birthYear + 42, refYear - 1);
    const children: HeirInput[] = [];
    for (let c = 0; c < count && minYear <= maxYear; c++) {
      const y = int(rng, minYear, maxYear);
      const m = int(rng, 1, 12);
      children.push({
        fullName: personName(rng, rng() < 0.5 ? 'M' : 'F'),
        relationship: 'CHILD',
        birthDate: iso(y, m, int(rng, 1, daysIn(y, m))),
      });
    }
    heirs.push(...children.sort((a, b) => (a.birthDate ?? '').localeCompare(b.birthDate ?? '')));
  } else if (age < 55 && rng() < 0.7) {
    heirs.push({ fullName: personName(rng, rng() < 0.6 ? 'F' : 'M'), relationship: 'PARENT' });
  } else {
    heirs.push({ fullName: personName(rng, rng() < 0.5 ? 'F' : 'M'), relationship: 'SIBLING' });
  }
  return heirs;
}
