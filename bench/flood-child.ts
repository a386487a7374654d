/** One flood run for one contender, in a process of its own (see workloads.ts `flood`). */
import { makeContender } from './contenders.js'
import { floodInThisProcess } from './workloads.js'

const [name = '', lines = '1000000'] = process.argv.slice(2)
const result = await floodInThisProcess(makeContender(name), Number(lines))
process.stdout.write(JSON.stringify(result) + '\n')
process.exit(0)
