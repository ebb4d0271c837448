// fast-check arbitraries for the 834 model, shared by the property tests. Values avoid every
// character that can be a delimiter in DELIMITER_POOL, so any delimiter choice can write them.
import fc from 'fast-check'
import type { Delimiters } from '../segment.js'
import type { LineEnding } from '../writer.js'
import { SEGMENT_SHAPES, type SegmentId, type SegmentTypes } from './segments.js'
import type { Header834, Loop2300, Member, NameLoop, RawSegment } from './model.js'

/** Characters the property tests pick delimiters from. */
export const DELIMITER_POOL = ['*', '|', '^', ':', '~', '!', '>', '\\', '`', '{', '}', '#', '@', ';', '?', '+', '<', '=']
const DATA_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefgh0123456789 -./,()\'&']

const value = fc.string({ unit: fc.constantFrom(...DATA_CHARS), minLength: 1, maxLength: 12 })
const maybeEmpty = fc.oneof({ weight: 5, arbitrary: value }, { weight: 1, arbitrary: fc.constant('') })
/** Component arrays whose last component is non-empty (the writer trims trailing empty components). */
const components = fc.tuple(fc.array(maybeEmpty, { maxLength: 3 }), value).map(([head, last]) => [...head, last])

/** Random delimiters: four distinct characters; the segment terminator may also be a newline. */
export const delimitersArb: fc.Arbitrary<Delimiters> = fc
  .tuple(fc.shuffledSubarray(DELIMITER_POOL, { minLength: 4, maxLength: 4 }), fc.boolean())
  .map(([[element, component, repetition, segment], newline]) => ({
    element: element!, component: component!, repetition: repetition!, segment: newline ? '\n' : segment!,
  }))

export const lineEndingArb: fc.Arbitrary<LineEnding> = fc.constantFrom('none', 'lf', 'crlf')

/** A typed segment: required elements always present (sometimes ''), optional ones absent or non-empty. */
export function segmentArb<K extends SegmentId>(id: K, fixed: Readonly<Record<string, fc.Arbitrary<string>>> = {}): fc.Arbitrary<SegmentTypes[K]> {
  const shape = SEGMENT_SHAPES[id]
  const model: Record<string, fc.Arbitrary<unknown>> = {}
  const required: string[] = []
  for (let i = 1; i <= shape.count; i++) {
    const key = `${id}${String(i).padStart(2, '0')}`
    const pinned = fixed[key]
    if (pinned !== undefined) { model[key] = pinned; required.push(key); continue }
    if (shape.repeating.includes(i)) model[key] = fc.array(components, { minLength: 1, maxLength: 3 })
    else if (shape.composite.includes(i)) model[key] = components
    else if (shape.required.includes(i)) { model[key] = maybeEmpty; required.push(key) }
    else model[key] = value
  }
  return fc.record(model, { requiredKeys: required }).map((o) => ({ ...o })) as unknown as fc.Arbitrary<SegmentTypes[K]>
}

/** fc.record with optional keys yields null-prototype objects; the parser builds plain ones. */
function rec<T>(model: { [K in keyof T]: fc.Arbitrary<T[K]> }, options?: { requiredKeys: (keyof T)[] }): fc.Arbitrary<T> {
  const arb = options === undefined ? fc.record(model) : fc.record(model, options)
  return (arb as fc.Arbitrary<T>).map((o) => ({ ...o }))
}

const q = (...codes: string[]): fc.Arbitrary<string> => fc.constantFrom(...codes)
const some = <T>(arb: fc.Arbitrary<T>, max: number): fc.Arbitrary<T[]> => fc.array(arb, { minLength: 1, maxLength: max })

const rawArb: fc.Arbitrary<RawSegment> = fc
  .tuple(fc.constantFrom('ZZA', 'XQ', 'K3'), fc.array(maybeEmpty, { maxLength: 4 }))
  .map(([id, rest]) => ({ id, elements: [id, ...rest] }))

function nameLoopArb(qualifiers: fc.Arbitrary<string>): fc.Arbitrary<NameLoop> {
  return rec({ NM1: segmentArb('NM1', { NM101: qualifiers }), PER: segmentArb('PER'), N3: segmentArb('N3'), N4: segmentArb('N4') }, { requiredKeys: ['NM1'] })
}

const coverageArb: fc.Arbitrary<Loop2300> = rec({
  HD: segmentArb('HD'),
  DTP: some(segmentArb('DTP'), 3),
  AMT: some(segmentArb('AMT'), 2),
  REF: some(segmentArb('REF'), 2),
  IDC: some(segmentArb('IDC'), 2),
  providers: some(rec({
    LX: segmentArb('LX'),
    NM1: segmentArb('NM1', { NM101: q('1X', '3D', '80', 'FA', 'OD', 'P3', 'QA', 'QN', 'Y2') }),
    N3: some(segmentArb('N3'), 2),
    N4: segmentArb('N4'),
    PER: some(segmentArb('PER'), 2),
    PLA: segmentArb('PLA'),
  }, { requiredKeys: ['LX'] }), 2),
  coordination_of_benefits: some(rec({
    COB: segmentArb('COB'),
    REF: some(segmentArb('REF'), 2),
    DTP: some(segmentArb('DTP'), 2),
    related_entities: some(rec({
      NM1: segmentArb('NM1', { NM101: q('36', 'GW', 'IN') }), N3: segmentArb('N3'), N4: segmentArb('N4'), PER: segmentArb('PER'),
    }, { requiredKeys: ['NM1'] }), 2),
  }, { requiredKeys: ['COB'] }), 2),
}, { requiredKeys: ['HD'] })

/** A member (2000 loop) with any mix of the loops the guide allows. */
export const memberArb: fc.Arbitrary<Member> = rec({
  INS: segmentArb('INS'),
  REF: fc.array(segmentArb('REF'), { maxLength: 3 }),
  DTP: some(segmentArb('DTP'), 3),
  member_name: rec({
    NM1: segmentArb('NM1', { NM101: q('IL', '74') }),
    PER: segmentArb('PER'), N3: segmentArb('N3'), N4: segmentArb('N4'), DMG: segmentArb('DMG'),
    EC: some(segmentArb('EC'), 2), ICM: segmentArb('ICM'), AMT: some(segmentArb('AMT'), 2), HLH: segmentArb('HLH'),
    LUI: some(segmentArb('LUI'), 2),
  }, { requiredKeys: ['NM1'] }),
  incorrect_member_name: rec({ NM1: segmentArb('NM1', { NM101: q('70') }), DMG: segmentArb('DMG') }, { requiredKeys: ['NM1'] }),
  mailing_address: rec({ NM1: segmentArb('NM1', { NM101: q('31') }), N3: segmentArb('N3'), N4: segmentArb('N4') }, { requiredKeys: ['NM1'] }),
  employers: some(nameLoopArb(q('36')), 2),
  schools: some(nameLoopArb(q('M8')), 2),
  custodial_parent: nameLoopArb(q('S3')),
  responsible_persons: some(nameLoopArb(q('6Y', '9K', 'E1', 'EI', 'EXS', 'GB', 'GD', 'J6', 'LR', 'QD', 'S1', 'TZ', 'X4')), 2),
  drop_off_location: rec({ NM1: segmentArb('NM1', { NM101: q('45') }), N3: segmentArb('N3'), N4: segmentArb('N4') }, { requiredKeys: ['NM1'] }),
  disabilities: some(rec({ DSB: segmentArb('DSB'), DTP: some(segmentArb('DTP'), 2) }, { requiredKeys: ['DSB'] }), 2),
  health_coverages: some(coverageArb, 3),
  reporting_categories: rec({
    LS: segmentArb('LS'),
    categories: some(rec({
      LX: segmentArb('LX'),
      category: rec({ N1: segmentArb('N1', { N101: q('75') }), REF: segmentArb('REF'), DTP: segmentArb('DTP') }, { requiredKeys: ['N1'] }),
    }, { requiredKeys: ['LX'] }), 3),
    LE: segmentArb('LE'),
  }, { requiredKeys: ['LS'] }),
  unrecognized: some(rawArb, 2),
}, { requiredKeys: ['INS', 'REF', 'member_name'] })

/** An 834 header without ST (the writer fills ST in from its options). */
export const headerArb: fc.Arbitrary<Omit<Header834, 'ST'>> = rec({
  BGN: segmentArb('BGN'),
  REF: segmentArb('REF', { REF01: q('38') }),
  DTP: some(segmentArb('DTP'), 2),
  QTY: some(segmentArb('QTY'), 3),
  sponsor: rec({ N1: segmentArb('N1', { N101: q('P5') }) }),
  payer: rec({ N1: segmentArb('N1', { N101: q('IN') }) }),
  tpa_brokers: some(rec({ N1: segmentArb('N1', { N101: q('BO', 'TV') }), ACT: segmentArb('ACT') }, { requiredKeys: ['N1'] }), 2),
  unrecognized: some(rawArb, 2),
}, { requiredKeys: ['BGN', 'sponsor', 'payer'] })
