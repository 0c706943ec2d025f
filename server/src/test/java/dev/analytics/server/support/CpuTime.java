package dev.analytics.server.support;

import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time spent by this JVM and by the embedded PostgreSQL cluster, for benchmarks' cost per event. Linux only. */
public final class CpuTime {

    private CpuTime() {
    }

    /** CPU time of this JVM (the server under test, and the benchmark itself). */
    public static long jvmNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** The postmaster of the database {@code jdbc} is connected to. */
    public static long postmasterPid(JdbcTemplate jdbc) {
        long backend = jdbc.queryForObject("SELECT pg_backend_pid()", Long.class);
        return ProcessHandle.of(backend).flatMap(ProcessHandle::parent).orElseThrow().pid();
    }

    /**
     * CPU time of the PostgreSQL cluster: the postmaster, the backends it has reaped, and its live children (the
     * pool's connections, which live through a run). Clock ticks of 10 ms.
     */
    public static long postgresNanos(long postmaster) {
        long ticks = ticks(postmaster, true);
        for (ProcessHandle child : ProcessHandle.of(postmaster).orElseThrow().children().toList()) {
            ticks += ticks(child.pid(), false);
        }
        return ticks * 10_000_000L;
    }

    private static long ticks(long pid, boolean withReapedChildren) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // Fields after the command name, which is in parentheses and may hold spaces: state is field 3.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            if (withReapedChildren) {
                ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]); // cutime, cstime
            }
            return ticks;
        } catch (IOException e) {
            return 0; // the process has just exited
        }
    }
}
