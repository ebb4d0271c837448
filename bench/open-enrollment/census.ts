// Deterministic census generator: employees with spouses and children, and their medical, dental
// and vision elections. Same seed, same census (names, SSNs, birth dates, who is covered).
import { prng } from '../shared/prng.js'


const FIRST_F = ['Mary', 'Patricia', 'Jennifer', 'Linda', 'Elizabeth', 'Barbara', 'Susan', 'Jessica', 'Sarah', 'Karen', 'Lisa', 'Nancy', 'Betty', 'Sandra', 'Ashley', 'Emily', 'Maria', 'Sofia', 'Aaliyah', 'Mei']
const FIRST_M = ['James', 'Robert', 'John', 'Michael', 'David', 'William', 'Richard', 'Joseph', 'Thomas', 'Charles', 'Daniel', 'Matthew', 'Anthony', 'Mark', 'Jose', 'Luis', 'Wei', 'Kwame', 'Arjun', 'Noah']
const LAST = ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', 'Rodriguez', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Wilson', 'Anderson', 'Thomas', 'Taylor', 'Moore', 'Jackson', 'Martin', 'Lee', 'Nguyen', 'Patel', 'Kim', 'Okafor', "O'Brien", 'Van der Berg']
const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Park Blvd', 'Elm St', 'Washington Ave', 'Lakeview Rd']
const CITIES: [string, string, string][] = [['Columbus', 'OH', '43215'], ['Austin', 'TX', '78701'], ['Denver', 'CO', '80202'], ['Raleigh', 'NC', '27601'], ['Portland', 'OR', '97201'], ['Tampa', 'FL', '33602']]
const FREQUENCIES = ['biweekly', 'biweekly', 'biweekly', 'weekly', 'semimonthly', 'monthly'] as const

export interface CensusPlans { readonly medical: string; readonly dental: string; readonly vision: string }

/** What a generated batch holds, to verify the database against afterwards. */
export interface BatchCounts { employees: number; members: number; elections: number; waivers: number; enrollments: number }

const pad = (n: number, w: number) => String(n).padStart(w, '0')

/**
 * The c-th SSN (c = 0, 1, …): unique, and never one SSA leaves unissued (area 100–599, group
 * 01–99, serial ≥ 0001).
 */
export function ssnOf(c: number): string {
  return `${100 + (c % 500)}-${pad(1 + (Math.floor(c / 500) % 99), 2)}-${pad(1 + Math.floor(c / 49_500), 4)}`
}

/** Families: 35% alone, 20% + spouse, 10% + a child, 18% + spouse and child, 12% + spouse and 2, 5% + spouse and 3 (≈ 1.22 dependents). */
function familyShape(r: number): { spouse: boolean; children: number } {
  if (r < 0.35) return { spouse: false, children: 0 }
  if (r < 0.55) return { spouse: true, children: 0 }
  if (r < 0.65) return { spouse: false, children: 1 }
  if (r < 0.83) return { spouse: true, children: 1 }
  if (r < 0.95) return { spouse: true, children: 2 }
  return { spouse: true, children: 3 }
}

/**
 * Employees `from` to `from + count - 1` of the census seeded with `seed`. Each employee's
 * randomness comes from their own number, so any batch can be generated alone.
 */
export function generateBatch(seed: number, from: number, count: number, plans: CensusPlans): { employees: unknown[]; counts: BatchCounts } {
  const employees: unknown[] = []
  const counts: BatchCounts = { employees: 0, members: 0, elections: 0, waivers: 0, enrollments: 0 }
  for (let n = from; n < from + count; n++) {
    const rand = prng(seed * 1_000_003 + n)
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1))
    const date = (y: number) => `${y}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`
    const female = rand() < 0.5
    const last = pick(LAST)
    const [city, state, zip] = pick(CITIES)
    const birthYear = int(1962, 2001)
    const id = `EMP${pad(n, 7)}`
    const shape = familyShape(rand())
    const dependents: Record<string, unknown>[] = []
    if (shape.spouse) {
      dependents.push({ external_identifier: `${id}-S`, first_name: pick(female ? FIRST_M : FIRST_F), last_name: last, birth_date: date(int(birthYear - 4, Math.min(birthYear + 4, 2002))), gender: female ? 'male' : 'female', subscriber_relationship: 'spouse', social_security_number: ssnOf(2 * n + 1) })
    }
    for (let k = 0; k < shape.children; k++) {
      // Children are covered through 26: born 2002 or later, after the parent turned 18.
      dependents.push({ external_identifier: `${id}-C${k + 1}`, first_name: pick(rand() < 0.5 ? FIRST_F : FIRST_M), last_name: last, birth_date: date(int(Math.max(2002, birthYear + 18), 2025)), gender: rand() < 0.5 ? 'female' : 'male', subscriber_relationship: 'child' })
    }
    const everyone = ['self', ...dependents.map((d) => d.external_identifier as string)]
    const elections = [
      rand() < 0.08 ? { plan_id: plans.medical, type: 'waiver' } : { plan_id: plans.medical, type: 'election', covered_member_refs: everyone },
      rand() < 0.12 ? { plan_id: plans.dental, type: 'waiver' } : { plan_id: plans.dental, type: 'election', covered_member_refs: everyone },
      rand() < 0.25 ? { plan_id: plans.vision, type: 'waiver' } : { plan_id: plans.vision, type: 'election', covered_member_refs: rand() < 0.3 ? ['self'] : everyone },
    ]
    employees.push({
      subscriber: {
        external_identifier: id, employee_number: pad(n + 1, 6), first_name: pick(female ? FIRST_F : FIRST_M), last_name: last,
        birth_date: date(birthYear), gender: female ? 'female' : 'male', social_security_number: ssnOf(2 * n),
        employment_details: { start_date: date(int(2005, 2025)), status: 'full_time', annual_earnings: int(35_000, 180_000) * 100, wage_frequency: pick(FREQUENCIES), compensation: 'salary', hours_per_week: 40 },
        residential_address: { address_line_1: `${int(1, 9999)} ${pick(STREETS)}`, city, state, zip },
        emails: [{ type: 'work', contact: `${id.toLowerCase()}@bench.example` }],
        dependents,
      },
      elections,
    })
    counts.employees++
    counts.members += everyone.length
    for (const e of elections) {
      if (e.type === 'waiver') counts.waivers++
      else { counts.elections++; counts.enrollments += e.covered_member_refs!.length }
    }
  }
  return { employees, counts }
}
