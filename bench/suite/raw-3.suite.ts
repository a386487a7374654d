import { rawTests } from './raw-tests.js'

rawTests(3)
