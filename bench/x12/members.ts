// Realistic, deterministic 834 members for the benchmark: families of a subscriber and 0–3
// dependents, each with name, address, demographics and 2–3 health coverages.
import type { Header834Input, Loop2300, Member } from '../../src/x12/index.js'
import { prng } from '../shared/prng.js'

const LAST = ['SMITH', 'JOHNSON', 'WILLIAMS', 'BROWN', 'JONES', 'GARCIA', 'MILLER', 'DAVIS', 'RODRIGUEZ', 'MARTINEZ', 'HERNANDEZ', 'LOPEZ', 'GONZALEZ', 'WILSON', 'ANDERSON', 'THOMAS']
const FIRST = ['JAMES', 'MARY', 'ROBERT', 'PATRICIA', 'JOHN', 'JENNIFER', 'MICHAEL', 'LINDA', 'DAVID', 'ELIZABETH', 'WILLIAM', 'BARBARA', 'RICHARD', 'SUSAN', 'JOSEPH', 'JESSICA']
const STREETS = ['MAIN ST', 'OAK AVE', 'PINE RD', 'MAPLE DR', 'CEDAR LN', 'ELM ST', 'WASHINGTON BLVD', 'LAKE VIEW CT']
const CITIES: readonly (readonly [string, string, string])[] = [['SPRINGFIELD', 'IL', '62701'], ['RIVERSIDE', 'CA', '92501'], ['AUSTIN', 'TX', '73301'], ['COLUMBUS', 'OH', '43004'], ['DENVER', 'CO', '80201'], ['PORTLAND', 'OR', '97201']]
const PRODUCTS = ['HLT', 'DEN', 'VIS', 'HMO', 'PPO']

/** The 834 header every benchmark file uses. */
export const BENCH_HEADER: Header834Input = {
  BGN: { BGN01: '00', BGN02: 'BENCH0001', BGN03: '20260101', BGN04: '1200', BGN08: '2' },
  REF: { REF01: '38', REF02: 'POLICY123' },
  sponsor: { N1: { N101: 'P5', N102: 'ACME WIDGETS INC', N103: 'FI', N104: '123456789' } },
  payer: { N1: { N101: 'IN', N102: 'EXAMPLE HEALTH PLAN', N103: 'FI', N104: '987654321' } },
}


const pick = <T>(rnd: () => number, list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
const digits = (rnd: () => number, n: number): string => String(Math.floor(rnd() * 10 ** n)).padStart(n, '0')
const date = (rnd: () => number, from: number, to: number): string =>
  `${from + Math.floor(rnd() * (to - from))}${String(1 + Math.floor(rnd() * 12)).padStart(2, '0')}${String(1 + Math.floor(rnd() * 28)).padStart(2, '0')}`

/** Yields `count` members (families kept whole until the count is reached). */
export function* benchMembers(count: number, seed = 834): Generator<Member> {
  const rnd = prng(seed)
  let made = 0
  while (made < count) {
    const ssn = digits(rnd, 9)
    const last = pick(rnd, LAST)
    const [city, state, zip] = pick(rnd, CITIES)
    const street = `${1 + Math.floor(rnd() * 9999)} ${pick(rnd, STREETS)}`
    const dependents = Math.floor(rnd() * 4)
    const products = PRODUCTS.slice(0, 2 + Math.floor(rnd() * 2))
    const level = dependents === 0 ? 'EMP' : dependents === 1 ? 'ESP' : 'FAM'
    const coverages = (): Loop2300[] => products.map((p) => ({
      HD: { HD01: '021', HD03: p, HD04: `${p}PLAN${dependents}`, HD05: level },
      DTP: [{ DTP01: '348', DTP02: 'D8', DTP03: '20260101' }],
    }))
    const subscriber: Member = {
      INS: { INS01: 'Y', INS02: '18', INS03: '021', INS04: '28', INS05: 'A', INS08: 'FT' },
      REF: [{ REF01: '0F', REF02: ssn }, { REF01: '1L', REF02: `GRP${digits(rnd, 5)}` }],
      DTP: [{ DTP01: '336', DTP02: 'D8', DTP03: date(rnd, 2005, 2026) }],
      member_name: {
        NM1: { NM101: 'IL', NM102: '1', NM103: last, NM104: pick(rnd, FIRST), NM105: 'A', NM108: '34', NM109: ssn },
        PER: { PER01: 'IP', PER03: 'HP', PER04: `555${digits(rnd, 7)}` },
        N3: { N301: street },
        N4: { N401: city, N402: state, N403: zip },
        DMG: { DMG01: 'D8', DMG02: date(rnd, 1960, 2000), DMG03: rnd() < 0.5 ? 'F' : 'M' },
      },
      health_coverages: coverages(),
    }
    yield subscriber
    made++
    for (let i = 0; i < dependents && made < count; i++) {
      const spouse = i === 0 && rnd() < 0.7
      const depSsn = digits(rnd, 9)
      yield {
        INS: { INS01: 'N', INS02: spouse ? '01' : '19', INS03: '021', INS04: '28', INS05: 'A' },
        REF: [{ REF01: '0F', REF02: ssn }],
        member_name: {
          NM1: { NM101: 'IL', NM102: '1', NM103: last, NM104: pick(rnd, FIRST), NM108: '34', NM109: depSsn },
          N3: { N301: street },
          N4: { N401: city, N402: state, N403: zip },
          DMG: { DMG01: 'D8', DMG02: spouse ? date(rnd, 1960, 2000) : date(rnd, 2005, 2025), DMG03: rnd() < 0.5 ? 'F' : 'M' },
        },
        health_coverages: coverages(),
      }
      made++
    }
  }
}
