package io.cfnazure.blobstorage.container.localrunner;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cfnazure.localcloud.LocalCloud;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;

/**
 * {@code ./cfn-local}: plays CloudFormation's part for Azure::BlobStorage::Container and Azure::BlobStorage::Account,
 * so their resources can be deployed, updated, described, listed and deleted from a template without registering the
 * types. See
 * {@link CommandLine#USAGE}. Exit code: 0 when the command worked, 1 when an operation failed, 2 when the input was
 * refused (then nothing changed).
 */
public final class CfnLocal {

    static final int WORKED = 0;
    static final int FAILED = 1;
    static final int REFUSED = 2;
    private static final Set<String> CHANGING_COMMANDS = Set.of("demo", "deploy", "delete");

    private CfnLocal() {
    }

    /**
     * System properties the launcher sets: {@code cfnlocal.workingDir}, where the user ran it (relative paths and
     * .cfn-local/ are resolved there); {@code cfnlocal.home}, the project (for examples/).
     */
    public static void main(final String[] args) {
        final Path workingDir = Path.of(System.getProperty("cfnlocal.workingDir", "."));
        final Path home = Path.of(System.getProperty("cfnlocal.home", "."));
        System.exit(run(args, System.out, System.err, workingDir, home));
    }

    static int run(final String[] args, final PrintStream out, final PrintStream err, final Path workingDir,
                   final Path home) {
        final CommandLine commandLine;
        try {
            commandLine = CommandLine.parse(args);
            requireArguments(commandLine);
        } catch (final InputException e) {
            e.problems().forEach(err::println);
            return REFUSED;
        }
        if (commandLine.command().equals("help")) {
            out.print(CommandLine.USAGE);
            return WORKED;
        }
        try {
            return execute(commandLine, new EventPrinter(out, Clock.systemDefaultZone()), workingDir, home);
        } catch (final InputException e) {
            e.problems().forEach(err::println);
            if (CHANGING_COMMANDS.contains(commandLine.command())) {
                err.println("Nothing was changed.");
            }
            return REFUSED;
        }
    }

    private static void requireArguments(final CommandLine commandLine) {
        final int arguments = commandLine.arguments().size();
        final String problem = switch (commandLine.command()) {
            case "deploy" -> arguments == 1 ? null : "deploy takes one TEMPLATE";
            case "describe" -> arguments <= 1 ? null : "describe takes at most one TEMPLATE";
            case "list" -> arguments > 0 ? "list takes no TEMPLATE"
                : commandLine.storageAccount() == null ? "list needs --storage-account NAME" : null;
            case "demo" -> arguments > 0 || !commandLine.local() ? "demo takes no arguments and runs on the local target"
                : null;
            default -> arguments == 0 ? null : commandLine.command() + " takes no TEMPLATE";
        };
        if (problem == null && commandLine.signIn() != null && !commandLine.command().equals("demo")) {
            throw new InputException("cfn-local: --sign-in applies to demo only (./cfn-local help shows the usage)");
        }
        if (problem == null && commandLine.account() && !commandLine.command().equals("demo")) {
            throw new InputException("cfn-local: --account applies to demo only (./cfn-local help shows the usage)");
        }
        if (problem == null && commandLine.account() && commandLine.signIn() == SignIn.AWS_WEB_IDENTITY) {
            // The STS stand-in answers for LocalCloud.REGION only, as a Regional STS endpoint does.
            throw new InputException("cfn-local: demo --account signs in with a client secret: its stack is in "
                + "eu-central-1, and the local STS stand-in issues web identity tokens in us-east-1 only");
        }
        if (problem == null && commandLine.region() != null && (!commandLine.local()
            || commandLine.command().equals("demo"))) {
            throw new InputException("cfn-local: --region applies to the local target's deploy, describe, list and "
                + "delete (on --target aws the AWS Region comes from your profile or AWS_REGION; demo --account "
                + "chooses eu-central-1 itself)");
        }
        if (problem != null) {
            throw new InputException("cfn-local: " + problem + " (./cfn-local help shows the usage)");
        }
    }

    /** Both types take the same type configuration settings: the file is checked against the container's. */
    private static ObjectNode typeConfiguration(final CommandLine commandLine, final Path workingDir,
                                                final ResourceTypes types) {
        final String configuration = commandLine.typeConfiguration();
        return configuration == null ? null : TypeConfigurationFile.read(workingDir.resolve(configuration),
            configuration, types.schema(ResourceTypes.CONTAINER));
    }

    private static int execute(final CommandLine commandLine, final EventPrinter printer, final Path workingDir,
                               final Path home) {
        if (!commandLine.local()) {
            final ResourceTypes types = ResourceTypes.load();
            final ObjectNode typeConfiguration = typeConfiguration(commandLine, workingDir, types);
            final Target target = Target.aws();
            final Path stackRecords = workingDir.resolve(".cfn-local");
            printer.line("Target aws: account " + target.accountId() + ", " + target.region()
                + "; real Secrets Manager and Azure. Stack records: " + stackRecords);
            return execute(commandLine, new Runner(types, target, new FileStackStore(stackRecords), printer,
                typeConfiguration, commandLine.verbose()), printer, workingDir, null);
        }
        final LocalCloud cloud = LocalCloud.start();
        // Ctrl-C skips finally blocks; the hook still stops Azurite, a node process that would outlive the JVM.
        final Thread stopOnInterrupt = new Thread(cloud::close, "local-cloud-stop");
        Runtime.getRuntime().addShutdownHook(stopOnInterrupt);
        try {
            cloud.applyToThisJvm();
            // Only now: loading the types starts the handlers' clients, which must trust the local cloud's certificate.
            final ResourceTypes types = ResourceTypes.load();
            final ObjectNode typeConfiguration = typeConfiguration(commandLine, workingDir, types);
            final SignIn signIn = commandLine.signIn() == null ? SignIn.CLIENT_SECRET : commandLine.signIn();
            final Target local = Target.local(cloud, signIn);
            final Target target = commandLine.region() == null ? local : local.inRegion(commandLine.region());
            printer.line(String.format("Target local: Azurite (HTTPS, OAuth) and stand-ins of Entra ID, Secrets "
                + "Manager, STS and Azure Resource Manager on 127.0.0.1, run by this process.%nAccount %s, %s; its "
                + "type configuration names the stand-in's Entra ID app%s. Everything is kept in memory: stacks, "
                + "accounts and containers last until this command ends.", target.accountId(), target.region(),
                signIn == SignIn.AWS_WEB_IDENTITY ? " that trusts the caller's AWS web identity tokens, and "
                    + "AzureAuthentication " + signIn.authentication() + ": no secret is read" : ""));
            final MemoryStackStore stacks = new MemoryStackStore();
            final Runner runner = new Runner(types, target, stacks, printer, typeConfiguration,
                commandLine.verbose());
            // demo --account: its own stack in a European Region, where the account's location is decided.
            final Runner europe = commandLine.account() ? new Runner(types, local.inRegion(Demo.ACCOUNT_STACK_REGION),
                stacks, printer, typeConfiguration, commandLine.verbose()) : null;
            return execute(commandLine, runner, printer, workingDir,
                new Demo(runner, europe, printer, home.resolve("examples"), cloud, signIn));
        } finally {
            Runtime.getRuntime().removeShutdownHook(stopOnInterrupt);
            cloud.close();
        }
    }

    /** @param demo the local target's demo; null for the aws target, where demo is refused */
    private static int execute(final CommandLine commandLine, final Runner runner, final EventPrinter printer,
                               final Path workingDir, final Demo demo) {
        final List<String> arguments = commandLine.arguments();
        final String template = arguments.isEmpty() ? null : arguments.get(0);
        final boolean worked = switch (commandLine.command()) {
            case "demo" -> demo.run();
            case "deploy" -> runner.deploy(workingDir.resolve(template), template, stackName(commandLine, runner),
                commandLine.parameters());
            case "describe" -> runner.describe(stackName(commandLine, runner),
                template == null ? null : workingDir.resolve(template), template, commandLine.parameters());
            case "list" -> runner.list(commandLine.storageAccount(), commandLine.pageSize()).isPresent();
            case "delete" -> runner.delete(stackName(commandLine, runner));
            default -> throw new IllegalStateException("CommandLine lets only known commands through");
        };
        return worked ? WORKED : FAILED;
    }

    /** --stack-name, else the template's file name, else the one stack the target has. */
    private static String stackName(final CommandLine commandLine, final Runner runner) {
        if (commandLine.stackName() != null) {
            return commandLine.stackName();
        }
        if (!commandLine.arguments().isEmpty()) {
            final String file = Path.of(commandLine.arguments().get(0)).getFileName().toString();
            return file.contains(".") ? file.substring(0, file.lastIndexOf('.')) : file;
        }
        final List<String> stacks = runner.stackNames();
        if (stacks.size() == 1) {
            return stacks.get(0);
        }
        throw new InputException("cfn-local: name the stack with --stack-name " + (stacks.isEmpty()
            ? "(no stack is recorded on this target)" : "(stacks: " + String.join(", ", stacks) + ")"));
    }
}
