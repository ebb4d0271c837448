import type { Segment } from '../segment.js'
import { X12Error } from '../errors.js'
import { tokenize, tokenizeSync } from '../tokenizer.js'
import type { ByteSource } from '../tokenizer.js'
import { createMapValidator } from '../validate/engine.js'
import type { Finding } from '../validate/findings.js'
import { map999 } from '../validate/map.js'
import { Rules999 } from '../validate/rules-999.js'
import type { DescribedCode } from './codes.js'
import { ACK_STATUS_CODES, AK905_CODES, IK304_CODES, IK403_CODES, IK502_CODES, TA104_CODES, TA105_CODES, describe } from './codes.js'

/*
 * Reads the acknowledgements carriers send back (999 005010X231A1 and TA1) into a report of what
 * was accepted or rejected and why, with readable code descriptions. The acknowledgement itself is
 * also checked against the 999 map; its problems are listed in `findings` without stopping the read.
 */

/** IK4: one element problem inside a rejected segment. */
export interface AckElementError {
  /** IK401-01 element position, IK401-02 component, IK401-03 repetition. */
  position: number
  component: number | undefined
  repetition: number | undefined
  /** IK402 data element reference number. */
  data_element: string | undefined
  error: DescribedCode
  /** IK404: copy of the bad data. */
  bad_value: string | undefined
}

/** IK3: one segment problem in an acknowledged transaction set. */
export interface AckSegmentError {
  segment_id: string
  /** IK302: position in the transaction set (ST = 1). */
  position: number
  loop_id: string | undefined
  error: DescribedCode | undefined
  /** CTX context (e.g. 'SITUATIONAL TRIGGER', business unit ids), raw. */
  context: string[]
  element_errors: AckElementError[]
}

/** AK2..IK5: the verdict on one transaction set of the original file. */
export interface AckTransactionSet {
  transaction_set_id: string
  control_number: string
  implementation_reference: string | undefined
  status: DescribedCode
  /** IK501 A (accepted) or E (accepted with errors noted). */
  accepted: boolean
  errors: DescribedCode[]
  segment_errors: AckSegmentError[]
}

/** AK1..AK9: the verdict on one functional group of the original file (one 999 transaction set). */
export interface AckGroup {
  /** ST02 of the 999 that carries this acknowledgement. */
  ack_control_number: string
  functional_id: string
  group_control_number: string
  version: string | undefined
  status: DescribedCode | undefined
  /** AK901 A or E: every set accepted. P: some; R: none. */
  accepted: boolean
  included: number | undefined
  received: number | undefined
  accepted_count: number | undefined
  errors: DescribedCode[]
  transaction_sets: AckTransactionSet[]
}

/** TA1: the verdict on an original interchange's envelope. */
export interface AckInterchangeNote {
  interchange_control_number: string
  date: string
  time: string
  status: DescribedCode
  accepted: boolean
  note: DescribedCode
}

/** One interchange of the acknowledgement file. */
export interface AckInterchange {
  /** ISA13 of the acknowledgement itself. */
  control_number: string
  sender_id: string
  receiver_id: string
  /** TA1 segments: verdicts on original interchanges. */
  ta1: AckInterchangeNote[]
  /** 999 transaction sets: verdicts on original functional groups. */
  groups: AckGroup[]
}

/** Everything an acknowledgement file says, plus problems with the file itself. */
export interface AckReport {
  interchanges: AckInterchange[]
  /** True when every TA1, AK9 and IK5 in the file accepts (A/E). */
  all_accepted: boolean
  /** Structural problems of the acknowledgement against the 999 map (e.g. pyx12's GS08 005010X231 without A1). */
  findings: Finding[]
}

function num(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  return Number.isFinite(n) ? n : undefined
}

/** Builds the report from segments, one at a time. */
class AckReader {
  readonly interchanges: AckInterchange[] = []
  private interchange: AckInterchange | undefined
  private group: AckGroup | undefined
  private set: AckTransactionSet | undefined
  private segmentError: AckSegmentError | undefined
  private st02 = ''
  private component = ':'

  push(seg: Segment): void {
    const el = seg.elements
    switch (seg.id) {
      case 'ISA':
        this.component = (el[16] ?? ':').charAt(0) || ':'
        this.interchange = { control_number: el[13] ?? '', sender_id: (el[6] ?? '').trim(), receiver_id: (el[8] ?? '').trim(), ta1: [], groups: [] }
        this.interchanges.push(this.interchange)
        break
      case 'TA1': {
        const status = describe(TA104_CODES, el[4] ?? '')
        this.ic().ta1.push({
          interchange_control_number: el[1] ?? '', date: el[2] ?? '', time: el[3] ?? '',
          status, accepted: el[4] === 'A' || el[4] === 'E', note: describe(TA105_CODES, el[5] ?? ''),
        })
        break
      }
      case 'ST':
        this.st02 = el[2] ?? ''
        break
      case 'AK1':
        this.group = {
          ack_control_number: this.st02, functional_id: el[1] ?? '', group_control_number: el[2] ?? '', version: el[3] || undefined,
          status: undefined, accepted: false, included: undefined, received: undefined, accepted_count: undefined, errors: [], transaction_sets: [],
        }
        this.ic().groups.push(this.group)
        break
      case 'AK2':
        this.set = {
          transaction_set_id: el[1] ?? '', control_number: el[2] ?? '', implementation_reference: el[3] || undefined,
          status: describe(ACK_STATUS_CODES, ''), accepted: false, errors: [], segment_errors: [],
        }
        this.segmentError = undefined
        this.group?.transaction_sets.push(this.set)
        break
      case 'IK3':
        this.segmentError = {
          segment_id: el[1] ?? '', position: num(el[2]) ?? 0, loop_id: el[3] || undefined,
          error: el[4] ? describe(IK304_CODES, el[4]) : undefined, context: [], element_errors: [],
        }
        this.set?.segment_errors.push(this.segmentError)
        break
      case 'CTX':
        this.segmentError?.context.push(el.slice(1).join('*'))
        break
      case 'IK4': {
        const [position, component, repetition] = (el[1] ?? '').split(this.component)
        this.segmentError?.element_errors.push({
          position: num(position) ?? 0, component: num(component), repetition: num(repetition),
          data_element: el[2] || undefined, error: describe(IK403_CODES, el[3] ?? ''), bad_value: el[4] || undefined,
        })
        break
      }
      case 'IK5':
        if (this.set) {
          this.set.status = describe(ACK_STATUS_CODES, el[1] ?? '')
          this.set.accepted = el[1] === 'A' || el[1] === 'E'
          for (let i = 2; i <= 6; i++) if (el[i]) this.set.errors.push(describe(IK502_CODES, el[i] as string))
        }
        this.set = undefined
        this.segmentError = undefined
        break
      case 'AK9':
        if (this.group) {
          this.group.status = describe(ACK_STATUS_CODES, el[1] ?? '')
          this.group.accepted = el[1] === 'A' || el[1] === 'E'
          this.group.included = num(el[2])
          this.group.received = num(el[3])
          this.group.accepted_count = num(el[4])
          for (let i = 5; i <= 9; i++) if (el[i]) this.group.errors.push(describe(AK905_CODES, el[i] as string))
        }
        this.group = undefined
        break
      default:
        break
    }
  }

  private ic(): AckInterchange {
    if (!this.interchange) {
      this.interchange = { control_number: '', sender_id: '', receiver_id: '', ta1: [], groups: [] }
      this.interchanges.push(this.interchange)
    }
    return this.interchange
  }
}

/**
 * Reads a 999 and/or TA1 acknowledgement file (a stream, string or bytes) and says which
 * interchanges, groups and transaction sets the carrier accepted or rejected, and why.
 *
 * @example
 * const report = await parseAcknowledgement(readFileSync('from-carrier.999'))
 * for (const g of report.interchanges.flatMap((i) => i.groups))
 *   for (const t of g.transaction_sets) if (!t.accepted)
 *     console.log(t.control_number, t.segment_errors.map((s) => `${s.segment_id}@${s.position}: ${s.error?.description}`))
 */
export async function parseAcknowledgement(source: ByteSource | string | Uint8Array): Promise<AckReport> {
  const reader = new AckReader()
  const engine = createMapValidator(map999(), { plugin: new Rules999() })
  const push = (seg: Segment): void => { reader.push(seg); engine.push(seg) }
  try {
    if (typeof source === 'string' || source instanceof Uint8Array) for (const seg of tokenizeSync(source, { lenientIsa: true })) push(seg)
    else for await (const seg of tokenize(source, { lenientIsa: true })) push(seg)
  } catch (err) {
    if (!(err instanceof X12Error)) throw err
    engine.report('tokenizer-error', { id: err.segmentId ?? '', elements: [], index: err.segmentIndex ?? 0, offset: err.offset ?? 0, line: err.line ?? 0 }, undefined, { message: `${err.code}: ${err.message}` })
  }
  const { findings } = engine.end()
  const all = reader.interchanges
  const allAccepted = all.length > 0 && all.every((ic) => ic.ta1.every((t) => t.accepted)
    && ic.groups.every((g) => g.accepted && g.transaction_sets.every((t) => t.accepted)))
  return { interchanges: all, all_accepted: allAccepted, findings }
}
