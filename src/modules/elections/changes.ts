import { UnprocessableError } from '../../errors/app-error.js'
import { relationshipKind, type QleEvent, type RelationshipKind } from './rules.js'

/**
 * "Only changes consistent with the event" (Treas. Reg. 1.125-4 consistency rule, HIPAA special
 * enrollment). For each event: which dependents it may add, whether it may enroll in a plan type not
 * elected before, switch to another plan of a type already elected, drop dependents, or waive.
 */
export interface ChangePolicy {
  readonly adds: readonly RelationshipKind[]
  readonly new_plan: boolean
  readonly switch_plan: boolean
  readonly removals: boolean
  readonly waive: boolean
}

const ANY: readonly RelationshipKind[] = ['self', 'spouse', 'domestic_partner', 'child']
const open = { adds: ANY, new_plan: true, switch_plan: true, removals: true, waive: true } as const

export const CHANGE_POLICIES: Readonly<Record<QleEvent, ChangePolicy>> = {
  new_hire: open,
  open_enrollment: open,
  change_in_employment_status: open,
  marriage: { adds: ['self', 'spouse', 'domestic_partner', 'child'], new_plan: true, switch_plan: true, removals: true, waive: true },
  birth: { adds: ['self', 'child'], new_plan: true, switch_plan: false, removals: false, waive: false },
  adoption: { adds: ['self', 'child'], new_plan: true, switch_plan: false, removals: false, waive: false },
  loss_of_other_coverage: { adds: ANY, new_plan: true, switch_plan: true, removals: false, waive: false },
  medicaid_chip: { adds: ANY, new_plan: true, switch_plan: true, removals: true, waive: true },
  divorce: { adds: [], new_plan: false, switch_plan: false, removals: true, waive: false },
  legal_separation: { adds: [], new_plan: false, switch_plan: false, removals: true, waive: false },
  death: { adds: [], new_plan: false, switch_plan: false, removals: true, waive: false },
  gain_of_other_coverage: { adds: [], new_plan: false, switch_plan: false, removals: true, waive: true },
  termination: { adds: [], new_plan: false, switch_plan: false, removals: true, waive: true },
  relocation: { adds: [], new_plan: false, switch_plan: true, removals: false, waive: false },
}

/** What the subscriber currently has in one plan type. */
export interface CurrentElection {
  readonly plan_id: string
  readonly type: 'election' | 'waiver'
  readonly member_ids: readonly string[]
}

/** What the request asks for in one plan type. */
export interface RequestedElection {
  readonly plan_id: string
  readonly type: 'election' | 'waiver'
  readonly members: readonly { readonly id: string; readonly relationship: string }[]
}

/** The change one requested election makes; `unchanged` elections are restatements and are skipped. */
export type ChangeKind = 'unchanged' | 'new_plan' | 'switch_plan' | 'change_members' | 'waive'

/** Throws `qle-change-not-allowed` (pointer at the election) when the event does not allow the change. */
export function checkChangeAllowed(event: QleEvent, current: CurrentElection | undefined, requested: RequestedElection, pointer: string): ChangeKind {
  const policy = CHANGE_POLICIES[event]
  const refuse = (detail: string) => UnprocessableError.fields('qle-change-not-allowed', `A ${event} does not allow this change`, [{ pointer, detail }])
  const active = current && current.type === 'election' ? current : undefined
  if (requested.type === 'waiver') {
    if (!active) return current ? 'unchanged' : 'waive'
    if (!policy.waive) throw refuse(`a ${event} does not allow dropping coverage in plan ${active.plan_id}`)
    return 'waive'
  }
  const addedKinds = (before: readonly string[]) => requested.members.filter((m) => !before.includes(m.id)).map((m) => relationshipKind(m.relationship))
  const checkAdds = (before: readonly string[]) => {
    const bad = addedKinds(before).find((k) => !policy.adds.includes(k))
    if (bad) throw refuse(`a ${event} does not allow adding a ${bad === 'domestic_partner' ? 'domestic partner' : bad}`)
  }
  if (!active) {
    if (!policy.new_plan) throw refuse(`a ${event} does not allow enrolling in a plan not elected before`)
    checkAdds([])
    return 'new_plan'
  }
  if (active.plan_id !== requested.plan_id) {
    if (!policy.switch_plan) throw refuse(`a ${event} does not allow switching from plan ${active.plan_id} to ${requested.plan_id}`)
    checkAdds(active.member_ids)
    return 'switch_plan'
  }
  const ids = requested.members.map((m) => m.id)
  const removed = active.member_ids.filter((id) => !ids.includes(id))
  const added = ids.filter((id) => !active.member_ids.includes(id))
  if (removed.length === 0 && added.length === 0) return 'unchanged'
  if (removed.length > 0 && !policy.removals) throw refuse(`a ${event} does not allow removing covered members`)
  checkAdds(active.member_ids)
  return 'change_members'
}
