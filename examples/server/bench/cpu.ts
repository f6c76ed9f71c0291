/**
 * CPU time of processes, read from /proc (Linux): on a shared machine requests/s alone cannot tell
 * a slow server from a starved one, so each deployment row also says how much CPU each side got.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { descendants } from './cleanup.js';

const TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

const lastRead = new Map<number, number>();

/**
 * User + system CPU seconds of `pid` so far. Once it has exited (and been reaped), the last value
 * read: read it just before killing a process to keep what it used until then.
 */
export function cpuSeconds(pid: number): number {
  try {
    // The command name (field 2) may contain spaces: count fields after its closing parenthesis.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of the whole line, 12 and 13 after the name.
    const seconds = (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
    lastRead.set(pid, seconds);
    return seconds;
  } catch {
    return lastRead.get(pid) ?? 0;
  }
}

/** CPU seconds of `pid` and every process below it (nginx's master and workers). */
export function treeCpuSeconds(pid: number): number {
  return [pid, ...descendants(pid)].reduce((sum, p) => sum + cpuSeconds(p), 0);
}
