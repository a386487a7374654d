// Registered once for every test file: the matchers and the Screen snapshot serializer.
import { expect } from '@jest/globals'
import { matchers, screenSerializer } from 'tmuxpect/matchers'

expect.extend(matchers)
expect.addSnapshotSerializer(screenSerializer)
