import { watch } from 'node:fs'

/** A wait for a state of the file system, and a way to stop waiting. */
export interface FileWait {
  /** Resolves once `ready()` holds. */
  ready: Promise<void>
  /** Stops watching (the process under test has exited, say); `ready` then never resolves. */
  close: () => void
}

/**
 * Waits for the event itself, not for a time: `ready()` is checked at once and again on every
 * change the kernel reports under `dir` (recursive `fs.watch`, inotify on Linux), so a file that
 * appears or grows is seen when it does, however slow the machine.
 * @param dir - the folder to watch (it must exist; folders made inside it later are watched too)
 * @param ready - the state to wait for, e.g. a file exists or holds some rows
 * @returns the wait and its `close`
 */
export function whenReady(dir: string, ready: () => boolean): FileWait {
  let close = () => {}
  const promise = new Promise<void>((resolve) => {
    const watcher = watch(dir, { recursive: true }, check)
    close = () => {
      watcher.close()
    }
    function check(): void {
      if (!ready()) return
      watcher.close()
      resolve()
    }
    check()
  })
  return { ready: promise, close }
}
