import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  command: string;
  cpuSeconds: number;
}

/** User + system CPU seconds a process has used so far, and its command name, from /proc (Linux). */
function readProcStat(pid: number | string): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command (2nd field) may hold spaces and parentheses; the fields after the last ')' do not.
  const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { command, cpuSeconds: (Number(fields[11]) + Number(fields[12])) / 100 };
}

export function cpuSecondsOf(pid: number): number {
  return readProcStat(pid)?.cpuSeconds ?? 0;
}

export type CpuSample = Map<string, number>;

/** CPU seconds used so far by every process, summed per group (`classify` names the group). */
export function sampleCpuByGroup(classify: (pid: number, command: string) => string): CpuSample {
  const groups: CpuSample = new Map();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return groups;
  }
  for (const pid of pids) {
    const stat = readProcStat(pid);
    if (stat) {
      const group = classify(Number(pid), stat.command);
      groups.set(group, (groups.get(group) ?? 0) + stat.cpuSeconds);
    }
  }
  return groups;
}

/** Cores used by each group between two samples, busiest first, e.g. "Cassandra 1.04, aggregator 0.46". */
export function coresUsed(before: CpuSample, after: CpuSample, wallMs: number): string {
  return [...after]
    .map(([group, seconds]) => [group, (seconds - (before.get(group) ?? 0)) / (wallMs / 1000)] as const)
    .filter(([, cores]) => cores > 0.005)
    .sort((a, b) => b[1] - a[1])
    .map(([group, cores]) => `${group} ${cores.toFixed(2)}`)
    .join(', ');
}
