package io.cmautopilot.local;

import io.cmautopilot.local.cli.Args;
import io.cmautopilot.local.cli.ClientCommands;
import io.cmautopilot.local.cli.Demo;
import io.cmautopilot.local.http.HttpGateway;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./cm} commands: {@code up}, {@code demo}, {@code score} and the client commands. Exit status: 0 done,
 * 1 failed (or the API answered an error), 2 bad arguments, 3 endpoint unreachable, 6 port busy.
 */
public final class Main {
    static final String USAGE = """
            usage: ./cm <command> [options]      (./cm <command> --help for details)

              up [--port 3000] [--data .cm-local]   serve the whole suite on 127.0.0.1 (API, webhooks, schedules, bus rules)
                 [--aws-endpoint URL]               ... with bus, queues, mail and secrets on moto or LocalStack
              demo [--data DIR] [--aws-endpoint URL] run the whole loop once on a fresh data folder and print the digest path
              score [--engine E] [--lang L] [FILE]  score one text per line with a sentiment engine
              brands create|get                     client commands: talk to --endpoint (default http://127.0.0.1:3000)
              accounts add|list
              posts create|list|get|cancel
              comments list
              subscriptions add|list
              digest preview
              test                                  run every test (what CI runs)
              build                                 build the Lambda jars
              java-home                             print the JDK >= 21 that cm uses""";

    static final String UP_USAGE = """
            usage: ./cm up [--port 3000] [--data .cm-local] [--param Name=Value]... [--no-schedules] [--aws-endpoint URL]
              Serves every HttpApi route of template.yaml on 127.0.0.1:<port>, fires its schedules, routes bus events
              by its rules, polls its queues. Data (DynamoDB Local, secrets.json, outbox/, sink/) stays in --data.
              --param overrides a template parameter (SentimentEngine is lexicon locally).
              --no-schedules fires schedules only on demand: POST /_local/schedules/<Function>/fire.
              --aws-endpoint URL runs the functions' AWS adapters (EventBridge, SQS, SES v2, Secrets Manager) against an
                AWS-compatible endpoint such as moto (moto_server -p 5000) or LocalStack (http://localhost:4566): the
                template's bus, rules, queues and secrets are created there and the runtime drains the queues into the
                functions as Lambda does. DynamoDB stays on DynamoDB Local. Dummy credentials; region from AWS_REGION.
              Ctrl-C stops cleanly: in-flight deliveries finish, waiting queue messages are kept for the next start.""";

    private Main() {
    }

    public static void main(String[] args) {
        int status = run(Arrays.asList(args), System.in, System.out, System.err);
        if (status != Integer.MIN_VALUE) {
            System.exit(status);
        }
    }

    /** Runs a command; {@code up} blocks until Ctrl-C. */
    static int run(List<String> args, InputStream in, PrintStream out, PrintStream err) {
        if (args.isEmpty() || Set.of("-h", "--help", "help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).println(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        String command = args.get(0);
        List<String> rest = args.subList(1, args.size());
        try {
            return switch (command) {
                case "up" -> up(rest, out, err);
                case "demo" -> Demo.run(rest, projectRoot(), out, err);
                case "score" -> score(rest, in, out, err);
                default -> {
                    if (ClientCommands.handles(command)) {
                        yield ClientCommands.run(command, rest, out, err);
                    }
                    err.println("cm: unknown command '" + command + "'");
                    err.println(USAGE);
                    yield 2;
                }
            };
        } catch (Args.UsageException e) {
            err.println("cm: " + e.getMessage());
            return 2;
        }
    }

    static Path projectRoot() {
        String root = System.getProperty("cm.root");
        return root != null ? Path.of(root).toAbsolutePath() : io.cmautopilot.engines.ProjectRoot.find();
    }

    private static int up(List<String> argv, PrintStream out, PrintStream err) {
        Args a;
        try {
            a = Args.parse(argv, Set.of("port", "data", "param", "aws-endpoint"), Set.of("help", "no-schedules"));
        } catch (Args.UsageException e) {
            err.println("cm: " + e.getMessage());
            err.println(UP_USAGE);
            return 2;
        }
        if (a.flag("help")) {
            out.println(UP_USAGE);
            return 0;
        }
        if (!a.positionals().isEmpty()) {
            err.println("cm: up takes no argument '" + a.positionals().get(0) + "'");
            err.println(UP_USAGE);
            return 2;
        }
        Path data = Path.of(a.option("data").orElse(".cm-local")).toAbsolutePath();
        LocalRuntime runtime;
        try {
            LocalRuntime.Builder b = LocalRuntime.builder(projectRoot(), data).port(a.intOption("port", 3000))
                    .fireSchedules(!a.flag("no-schedules")).log(out::println);
            a.pairs("param").forEach(b::parameter);
            if (a.option("aws-endpoint").isPresent()) {
                b.awsEndpoint(io.cmautopilot.local.aws.AwsEndpoint.parse(a.option("aws-endpoint").get(), System.getenv()));
            }
            out.println("cm: starting the local runtime (DynamoDB Local, functions, routes)...");
            runtime = b.start();
        } catch (Args.UsageException e) {
            err.println("cm: " + e.getMessage());
            err.println(UP_USAGE);
            return 2;
        } catch (HttpGateway.PortBusyException e) {
            err.println("cm: " + e.getMessage());
            return 6;
        } catch (io.cmautopilot.local.aws.CloudMode.Unreachable e) {
            err.println("cm: " + e.getMessage());
            return 3;
        } catch (IllegalArgumentException e) {
            err.println("cm: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("cm: cannot start the local runtime: " + e.getMessage());
            return 1;
        }
        out.print(runtime.summary());
        printGenerated(runtime, out);
        out.println("ready: " + runtime.baseUrl() + "  (Ctrl-C to stop)");
        out.println("console: " + runtime.consoleUrl() + (runtime.consoleBuilt() ? "" : "  (not built yet: run ./cm build)"));
        out.println("try:   ./cm brands create --id acme --name Acme --timezone Europe/Paris"
                + (runtime.port() == 3000 ? "" : " --endpoint " + runtime.baseUrl()));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("cm: stopping: schedules off, finishing in-flight deliveries...");
            runtime.close();
            out.println("cm: stopped; data kept in " + runtime.data());
            stopped.countDown();
        }, "cm-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return Integer.MIN_VALUE;
    }

    static void printGenerated(LocalRuntime runtime, PrintStream out) {
        if (runtime.settings().generated().isEmpty()) {
            return;
        }
        out.println("generated platform settings (shown once; kept in " + runtime.data().resolve("secrets.json") + "):");
        for (String name : runtime.settings().generated()) {
            out.println("  " + name + "=" + runtime.settings().values().get(name));
        }
    }

    /** Delegates to the scoring module's CLI, which the scoring function provides. */
    static int score(List<String> argv, InputStream in, PrintStream out, PrintStream err) {
        Method run;
        try {
            Class<?> cli = Class.forName("io.cmautopilot.scoring.cli.ScoreCli");
            run = cli.getMethod("run", String[].class, InputStream.class, PrintStream.class, PrintStream.class);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            err.println("cm: the score command comes with the scoring function (io.cmautopilot.scoring.cli.ScoreCli"
                    + " with a static int run(String[], InputStream, PrintStream, PrintStream)), which this build does not include yet");
            return 1;
        }
        try {
            return (int) run.invoke(null, argv.toArray(String[]::new), in, out, err);
        } catch (InvocationTargetException e) {
            err.println("cm: score failed: " + e.getCause());
            return 1;
        } catch (IllegalAccessException e) {
            err.println("cm: cannot call ScoreCli.run: " + e.getMessage());
            return 1;
        }
    }
}
