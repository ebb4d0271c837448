/**
 * The typed 834 (005010X220A1) model.
 *
 * Naming: segments keep the guide's names, as STYLE.md §3 asks — a segment is a field named by its
 * id (`INS`, `HD`) holding an object whose fields are the element references (`INS03`, `HD04`);
 * see `segments.ts` for each segment's elements, with the guide's names and code lists. Loops are
 * snake_case fields named after the loop (`member_name` = 2100A, `health_coverages` = 2300).
 *
 * Conventions (the parser produces exactly this, and the writer accepts it, so write∘parse is the
 * identity):
 * - Required elements are strings (`''` when a file omits them); optional elements are absent when empty.
 * - Composites (INS06, DMG05, REF04, QTY03) are component arrays; DMG05 repeats, so it is an array of those.
 * - Segments that may repeat are arrays, absent when there are none (`DTP?: DTP[]`).
 * - Segments the guide does not allow at that point are kept, in order, in `unrecognized`
 *   (raw elements, composites unsplit) and written back at the end of their member or header.
 */
import type { Delimiters } from '../segment.js'
import type {
  ACT, AMT, BGN, COB, DMG, DSB, DTP, EC, GE, GS, HD, HLH, ICM, IDC, IEA, INS, ISA, LE, LS, LUI, LX, N1, N3, N4,
  NM1, PER, PLA, QTY, REF, SE, ST, TA1,
} from './segments.js'

export type * from './segments.js'

/**
 * A segment kept as raw elements (`elements[0]` is the id): anything the guide does not allow where
 * it was found. Nothing is lost, but its composites are written back unsplit.
 *
 * @example
 * const odd: RawSegment = { id: 'ZZZ', elements: ['ZZZ', '1', '2'] } // ZZZ*1*2~
 */
export interface RawSegment {
  id: string
  elements: string[]
}

/** Loop 1000A — sponsor (`N1*P5`). */
export interface Loop1000A { N1: N1 }
/** Loop 1000B — payer (`N1*IN`). */
export interface Loop1000B { N1: N1 }
/** Loop 1000C — TPA/broker (`N1*BO` or `N1*TV`) with its 1100C account (`ACT`). */
export interface Loop1000C { N1: N1; ACT?: ACT }

/**
 * The 834 header: ST, BGN, REF*38, DTP, QTY and the 1000A/B/C name loops.
 *
 * @example
 * const header: Header834 = {
 *   ST: { ST01: '834', ST02: '0001', ST03: '005010X220A1' },
 *   BGN: { BGN01: '00', BGN02: 'FILE-42', BGN03: '20260101', BGN08: '2' },
 *   sponsor: { N1: { N101: 'P5', N102: 'ACME', N103: 'FI', N104: '123456789' } },
 *   payer: { N1: { N101: 'IN', N102: 'CARRIER', N103: 'FI', N104: '987654321' } },
 * }
 */
export interface Header834 {
  ST: ST
  BGN: BGN
  /** REF*38 master policy number. */
  REF?: REF
  /** DTP*007/090/091/303/382/388 file dates. */
  DTP?: DTP[]
  /** QTY*DT/ET/TO control totals. */
  QTY?: QTY[]
  /** 1000A sponsor. */
  sponsor: Loop1000A
  /** 1000B payer. */
  payer: Loop1000B
  /** 1000C TPA/broker (up to 2). */
  tpa_brokers?: Loop1000C[]
  unrecognized?: RawSegment[]
}

/** 2100A member name: NM1*IL (or 74 when correcting), PER, N3, N4, DMG, EC, ICM, AMT, HLH, LUI. */
export interface Loop2100A {
  NM1: NM1
  PER?: PER
  N3?: N3
  N4?: N4
  DMG?: DMG
  EC?: EC[]
  ICM?: ICM
  AMT?: AMT[]
  HLH?: HLH
  LUI?: LUI[]
}
/** 2100B incorrect member name (NM1*70) with the incorrect demographics. */
export interface Loop2100B { NM1: NM1; DMG?: DMG }
/** 2100C member mailing address (NM1*31). */
export interface Loop2100C { NM1: NM1; N3?: N3; N4?: N4 }
/**
 * A name loop with optional contact and address: 2100D employer (NM1*36), 2100E school (NM1*M8),
 * 2100F custodial parent (NM1*S3), 2100G responsible person (NM1*6Y/9K/E1/EI/EXS/GB/GD/J6/LR/QD/S1/TZ/X4),
 * 2330 COB related entity (NM1*36/GW/IN).
 */
export interface NameLoop { NM1: NM1; PER?: PER; N3?: N3; N4?: N4 }
/** 2100H drop-off location (NM1*45). */
export interface Loop2100H { NM1: NM1; N3?: N3; N4?: N4 }
/** 2200 disability (DSB) with its DTP*360/361. */
export interface Loop2200 { DSB: DSB; DTP?: DTP[] }
/** 2310 provider: LX, NM1 (1X/3D/80/FA/OD/P3/QA/QN/Y2), N3 (≤2), N4, PER (≤2), PLA. */
export interface Loop2310 {
  LX: LX
  NM1?: NM1
  N3?: N3[]
  N4?: N4
  PER?: PER[]
  PLA?: PLA
}
/** 2320 coordination of benefits: COB, REF*60/6P/SY/ZZ, DTP*344/345, 2330 related entities. */
export interface Loop2320 {
  COB: COB
  REF?: REF[]
  DTP?: DTP[]
  related_entities?: NameLoop[]
}
/** 2300 health coverage: HD, DTP, AMT, REF (incl. REF*QQ), IDC, 2310 providers, 2320 COB. */
export interface Loop2300 {
  HD: HD
  DTP?: DTP[]
  AMT?: AMT[]
  REF?: REF[]
  IDC?: IDC[]
  providers?: Loop2310[]
  coordination_of_benefits?: Loop2320[]
}
/** 2750 reporting category: N1*75 with REF and DTP*007. */
export interface Loop2750 { N1: N1; REF?: REF; DTP?: DTP }
/** 2700 member reporting category: LX and its 2750. */
export interface Loop2700 { LX: LX; category?: Loop2750 }
/** The LS … LE wrapper around the 2700 loops. */
export interface ReportingCategories { LS: LS; categories?: Loop2700[]; LE?: LE }

/**
 * One member: a 2000 loop with everything under it.
 *
 * @example
 * const member: Member = {
 *   INS: { INS01: 'Y', INS02: '18', INS03: '021', INS04: '28', INS05: 'A', INS08: 'FT' },
 *   REF: [{ REF01: '0F', REF02: '123456789' }],
 *   member_name: { NM1: { NM101: 'IL', NM102: '1', NM103: 'DOE', NM104: 'JOHN', NM108: '34', NM109: '123456789' } },
 *   health_coverages: [{ HD: { HD01: '021', HD03: 'HLT', HD05: 'EMP' }, DTP: [{ DTP01: '348', DTP02: 'D8', DTP03: '20260101' }] }],
 * }
 */
export interface Member {
  INS: INS
  /** 2000 REFs in file order: REF*0F subscriber id (required), REF*1L group, REF*17/23/3H/4A/6O/ABB/D3/DX/F6/P5/Q4/QQ/ZZ. */
  REF: REF[]
  /** 2000 DTPs (286, 296, 297, 300, 301, 303, 336–341, 350, 351, 356, 357, 383, 385, 386, 393, 394, 473, 474). */
  DTP?: DTP[]
  /** 2100A. */
  member_name: Loop2100A
  /** 2100B. */
  incorrect_member_name?: Loop2100B
  /** 2100C. */
  mailing_address?: Loop2100C
  /** 2100D (up to 3). */
  employers?: NameLoop[]
  /** 2100E (up to 3). */
  schools?: NameLoop[]
  /** 2100F. */
  custodial_parent?: NameLoop
  /** 2100G (up to 13). */
  responsible_persons?: NameLoop[]
  /** 2100H. */
  drop_off_location?: Loop2100H
  /** 2200. */
  disabilities?: Loop2200[]
  /** 2300 (up to 99). */
  health_coverages?: Loop2300[]
  /** LS / 2700 / 2750 / LE. */
  reporting_categories?: ReportingCategories
  unrecognized?: RawSegment[]
}

/**
 * The interchange a member came from: its ISA (fields as read, fixed-width padding kept), the
 * delimiters it declared and any TA1s.
 *
 * @example
 * rec.context.interchange.delimiters.element // '*'
 */
export interface InterchangeHeader {
  ISA: ISA
  delimiters: Delimiters
  TA1?: TA1[]
}

/**
 * Where a member sits: its interchange, functional group and transaction header.
 *
 * @example
 * for await (const { context } of read834(stream)) console.log(context.interchange.ISA.ISA13, context.GS.GS06, context.header.ST.ST02)
 */
export interface TransactionContext {
  interchange: InterchangeHeader
  GS: GS
  header: Header834
}

/** A transaction set (ST … SE) as a whole: for files small enough to hold in memory. */
export interface Transaction834 {
  header: Header834
  members: Member[]
  /** The SE as read (the writer computes its own). */
  SE?: SE
}

/** A functional group (GS … GE). */
export interface FunctionalGroup834 {
  GS: GS
  transactions: Transaction834[]
  /** The GE as read (the writer computes its own). */
  GE?: GE
}

/**
 * An interchange (ISA … IEA) held in memory, as {@link parse834} returns and {@link format834} takes.
 *
 * @example
 * const [interchange] = parse834(text)
 * interchange.groups[0].transactions[0].members[0].member_name.NM1.NM103 // 'SMITH'
 */
export interface Interchange834 extends InterchangeHeader {
  groups: FunctionalGroup834[]
  /** The IEA as read (the writer computes its own). */
  IEA?: IEA
}
