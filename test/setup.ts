/** Runs before every test file (vitest `setupFiles`): its temporary folders go when it ends. */
import { afterAll } from 'vitest'
import { removeTempDirs } from './tempDir.js'

afterAll(removeTempDirs)
