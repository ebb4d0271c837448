import type { RulePlugin, SegmentContext, ValidatorEngine } from './engine.js'

/*
 * 999 005010X231A1 consistency rules the map cannot express (README: "AK9 counts ... consistent
 * with the IK5s"): AK904 accepted equals the IK5 A/E count when every set has an AK2, AK903 is
 * at least the number of AK2s, AK901 agrees with those counts (R with accepted sets only when
 * AK905 names a group-level error), and an IK5*A set has no IK3.
 */

/** The 999 rules as a {@link RulePlugin} for the generic engine. */
export class Rules999 implements RulePlugin {
  private sets = 0
  private accepted = 0
  private segmentErrors = 0
  private ak2: SegmentContext | undefined

  startTransaction(): void {
    this.sets = 0
    this.accepted = 0
    this.segmentErrors = 0
    this.ak2 = undefined
  }

  onSegment(ctx: SegmentContext, v: ValidatorEngine): void {
    const el = ctx.segment.elements
    switch (ctx.segment.id) {
      case 'AK2':
        this.sets++
        this.segmentErrors = 0
        this.ak2 = v.snapshot(ctx)
        break
      case 'IK3':
        this.segmentErrors++
        break
      case 'IK5': {
        const status = el[1] ?? ''
        if (status === 'A' || status === 'E') this.accepted++
        if (status === 'A' && this.segmentErrors > 0) {
          v.reportAt('ik5-status-mismatch', ctx, { element: v.elementAt(ctx.entry, 1), value: status, message: `IK5*A accepts a transaction set that has ${this.segmentErrors} IK3 segment error${this.segmentErrors === 1 ? '' : 's'} (use E or R)` })
        }
        break
      }
      case 'AK9':
        this.checkAk9(ctx, v)
        break
      default:
        break
    }
  }

  endTransaction(): void {
    this.ak2 = undefined
  }

  private checkAk9(ctx: SegmentContext, v: ValidatorEngine): void {
    const el = ctx.segment.elements
    const status = el[1] ?? ''
    const received = Number(el[3])
    const acceptedCount = Number(el[4])
    if (!Number.isInteger(received) || !Number.isInteger(acceptedCount)) return
    if (received < this.sets) {
      v.reportAt('ak9-count-mismatch', ctx, { element: v.elementAt(ctx.entry, 3), value: el[3], message: `AK903 says ${received} set${received === 1 ? '' : 's'} received, the 999 acknowledges ${this.sets} (AK2)` })
    } else if (received === this.sets && acceptedCount !== this.accepted) {
      v.reportAt('ak9-count-mismatch', ctx, { element: v.elementAt(ctx.entry, 4), value: el[4], message: `AK904 says ${acceptedCount} set${acceptedCount === 1 ? '' : 's'} accepted, the IK5s accept ${this.accepted}` })
    }
    const consistent = status === 'A' || status === 'E' ? acceptedCount === received
      : status === 'P' ? acceptedCount > 0 && acceptedCount < received
        // A group rejected for its envelope (AK905 present) may still count sets its IK5s accepted.
        : status === 'R' ? acceptedCount === 0 || (el[5] ?? '') !== '' : true
    if (!consistent) {
      v.reportAt('ak9-status-mismatch', ctx, { element: v.elementAt(ctx.entry, 1), value: status, message: `AK901=${status} does not fit ${acceptedCount} of ${received} sets accepted` })
    }
  }
}
