/** The three contenders, by name. */
import type { Contender } from './contender.js'
import { RawCliContender } from './raw-cli.js'
import { RawControlContender } from './raw-control.js'
import { TmuxpectContender } from './tmuxpect.js'

export const CONTENDER_NAMES = ['tmuxpect', 'raw control', 'raw CLI'] as const

export function makeContender(name: string): Contender {
  switch (name) {
    case 'tmuxpect':
      return new TmuxpectContender()
    case 'raw control':
      return new RawControlContender()
    case 'raw CLI':
      return new RawCliContender()
    default:
      throw new Error(`unknown contender ${JSON.stringify(name)}`)
  }
}
