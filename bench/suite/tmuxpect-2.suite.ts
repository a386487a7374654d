import { tmuxpectTests } from './tmuxpect-tests.js'

tmuxpectTests(2)
