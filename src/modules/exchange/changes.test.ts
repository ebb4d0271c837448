import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { coverageChanges, demographicChange, memberMaintenance, type HistoryRow } from './changes.js'

const base: HistoryRow = {
  id: 'a', supersedes_id: null, member_id: 'm', subscriber_id: 'm', plan_id: 'p', plan_name: 'PPO', plan_type: 'medical', coverage_tier: 'individual',
  status: 'active', start_date: '2027-01-01', end_date: '2027-12-31', plan_year_end: '2027-12-31', recorded_at: '2026-11-10T10:00:00Z', superseded_at: null,
}
const codes = (rows: HistoryRow[], since: string, until: string) => coverageChanges(rows, since, until).map((c) => `${c.coverage.maintenance} ${c.coverage.start_date}..${c.coverage.end_date}`)

describe('what changed between two moments, from the enrollment history', () => {
  test('coverage added and cancelled within the window never reached the carrier: nothing to send', () => {
    const rows = [{ ...base, superseded_at: '2026-11-10T11:00:00Z' }, { ...base, id: 'b', supersedes_id: 'a', status: 'cancelled' as const, recorded_at: '2026-11-10T11:00:00Z' }]
    assert.deepEqual(codes(rows, '2026-11-01T00:00:00Z', '2026-11-20T00:00:00Z'), [])
  })

  test('coverage the carrier was told of, cancelled before it starts: 024 ending on its first day', () => {
    const rows = [{ ...base, superseded_at: '2026-11-15T09:00:00Z' }, { ...base, id: 'b', supersedes_id: 'a', status: 'cancelled' as const, recorded_at: '2026-11-15T09:00:00Z' }]
    assert.deepEqual(codes(rows, '2026-11-12T00:00:00Z', '2026-11-20T00:00:00Z'), ['024 2027-01-01..2027-01-01'])
  })

  test('a termination, then its reversal (reinstated to the plan year end), across three records', () => {
    const rows: HistoryRow[] = [
      { ...base, start_date: '2026-01-01', end_date: '2026-12-31', plan_year_end: '2026-12-31', recorded_at: '2025-12-01T00:00:00Z', superseded_at: '2026-06-02T00:00:00Z' },
      { ...base, id: 'b', supersedes_id: 'a', start_date: '2026-01-01', end_date: '2026-05-31', plan_year_end: '2026-12-31', status: 'terminated', recorded_at: '2026-06-02T00:00:00Z', superseded_at: '2026-06-09T00:00:00Z' },
      { ...base, id: 'c', supersedes_id: 'b', start_date: '2026-01-01', end_date: '2026-12-31', plan_year_end: '2026-12-31', status: 'active', recorded_at: '2026-06-09T00:00:00Z' },
    ]
    assert.deepEqual(codes(rows, '2026-06-01T00:00:00Z', '2026-06-05T00:00:00Z'), ['024 2026-01-01..2026-05-31'])
    assert.deepEqual(codes(rows, '2026-06-05T00:00:00Z', '2026-06-10T00:00:00Z'), ['025 2026-01-01..2026-12-31'])
    assert.deepEqual(codes(rows, '2026-06-01T00:00:00Z', '2026-06-10T00:00:00Z'), [], 'terminated and reinstated within one window: the carrier need not hear of it')
  })

  test("a member's INS03: 021 only for a member new to the carrier, 024 with DTP*357 only when nothing goes on, else 001", () => {
    const newcomer = { known_before: false, covered_until: '2026-12-31' }
    assert.deepEqual(memberMaintenance([{ maintenance: '021', end_date: null }], newcomer), { INS03: '021', INS04: 'XN' })
    // Dental added mid-year to a member the carrier covers for medical: a change, not a new member.
    assert.deepEqual(memberMaintenance([{ maintenance: '021', end_date: null }], { known_before: true, covered_until: '2026-12-31' }), { INS03: '001', INS04: 'XN' })
    assert.deepEqual(memberMaintenance([{ maintenance: '024', end_date: '2026-05-31' }, { maintenance: '024', end_date: '2026-06-30' }], { known_before: true, covered_until: '2026-06-30' }), { INS03: '024', INS04: '07', eligibility_end: '2026-06-30' })
    // Review case: dental dropped on Nov 30 while medical goes on must not read as the member's termination.
    assert.deepEqual(memberMaintenance([{ maintenance: '024', end_date: '2026-11-30' }], { known_before: true, covered_until: '2026-12-31' }), { INS03: '001', INS04: 'XN' })
    assert.deepEqual(memberMaintenance([{ maintenance: '024', end_date: '2026-05-31' }, { maintenance: '021', end_date: null }], { known_before: true, covered_until: null }), { INS03: '001', INS04: 'XN' })
  })

  test('a demographics event: a name change is identifying data (25) before an address (43); a new phone alone is neither', () => {
    const address = { address_line_1: '1 Elm St', city: 'Winchester', state: 'VA', zip: '22601' }
    assert.equal(demographicChange({ last_name: 'Garcia', residential_address: address }, { last_name: 'Garcia-Lopez', residential_address: address }), 'name')
    assert.equal(demographicChange({ last_name: 'Garcia', residential_address: address }, { last_name: 'Garcia', residential_address: { ...address, address_line_1: '9 Oak Ave' } }), 'address')
    assert.equal(demographicChange({ last_name: 'Garcia', residential_address: address, phone_numbers: [] }, { last_name: 'Garcia', residential_address: address, phone_numbers: [{ type: 'home', contact: '5405550100' }] }), undefined)
    assert.equal(demographicChange(null, { last_name: 'Garcia' }), 'name')
  })
})
