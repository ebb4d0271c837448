import type { Finding } from './findings.js'

/** Verdict on one transaction set (ST..SE); `accepted` means no errors (IK5 A). */
export interface TransactionSetSummary {
  st01: string
  st02: string
  st03: string
  segment_index: number
  /** Segments counted ST..SE (0 until SE is seen). */
  segment_count: number
  error_count: number
  warning_count: number
  accepted: boolean
  /** 834 only: INS segments, INS01=Y and INS01=N counts. */
  members?: number
  subscribers?: number
  dependents?: number
}

/** One functional group (GS..GE). */
export interface GroupSummary {
  gs01: string
  gs02: string
  gs03: string
  gs04: string
  gs05: string
  gs06: string
  gs08: string
  segment_index: number
  /** GE01 as sent. */
  declared_transaction_count: number | undefined
  transaction_sets: TransactionSetSummary[]
  /** Errors in the group envelope itself (GS/GE), not in its transaction sets. */
  error_count: number
}

/** One interchange (ISA..IEA), with the ISA fields an acknowledgement echoes or swaps. */
export interface InterchangeSummary {
  isa05: string
  isa06: string
  isa07: string
  isa08: string
  isa09: string
  isa10: string
  isa11: string
  isa12: string
  isa13: string
  isa14: string
  isa15: string
  component_separator: string
  segment_index: number
  /** IEA01 as sent. */
  declared_group_count: number | undefined
  groups: GroupSummary[]
  /** Errors in the interchange envelope itself (ISA/IEA, structure), not in its groups. */
  error_count: number
}

/** Everything a validation run found. `valid` is true when there is no error (warnings allowed). */
export interface ValidationResult {
  valid: boolean
  error_count: number
  warning_count: number
  segment_count: number
  /** In input order, capped (see 'too-many-findings'). */
  findings: Finding[]
  interchanges: InterchangeSummary[]
}
