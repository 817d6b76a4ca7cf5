package io.cfnazure.blobstorage.container.localrunner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command and options of one cfn-local run.
 *
 * @param signIn  null unless {@code --sign-in} was given
 * @param region  null unless {@code --region} was given
 * @param account whether {@code --account} was given: demo's variant with a storage account in the stack
 */
record CommandLine(String command, List<String> arguments, String stackName, Map<String, String> parameters,
                   String typeConfiguration, String target, String storageAccount, Integer pageSize, SignIn signIn,
                   String region, boolean account, boolean verbose) {

    static final String USAGE = """
        usage: ./cfn-local COMMAND [OPTIONS]

        Plays CloudFormation's part for Azure::BlobStorage::Container and Azure::BlobStorage::Account: invokes
        each type's real handler as CloudFormation would and prints the stack events.

        commands:
          demo                         deploy, update (with a replacement), describe, list and delete the example
                                       stack on the embedded emulators; exit code 0 when everything worked
          deploy TEMPLATE              create or update a stack from a YAML or JSON template
          describe [TEMPLATE]          read every resource and report drift from the template
          list --storage-account NAME  list a storage account's containers through the List handler
          delete                       delete a stack and its resources (DeletionPolicy Retain keeps them)

        options:
          --stack-name NAME            default: the template's file name without extension
          --parameter KEY=VALUE        a template parameter (repeat for more)
          --type-configuration FILE    the type configuration, as for aws cloudformation set-type-configuration
          --target local|aws           local (default): Azurite and stand-ins of Entra ID, Secrets Manager and
                                       STS inside this process, gone when the command ends;
                                       aws: your default AWS credentials and Region, real Secrets Manager and Azure
          --region REGION              local target only: the stack's AWS Region (default us-east-1), which decides
                                       where an account without a Location goes, e.g. eu-central-1
          --page-size N                maxResults of each List request
          --sign-in METHOD             demo only: client-secret (default) reads the app's secret from Secrets
                                       Manager; aws-web-identity signs in with the caller's AWS web identity token
                                       and reads no secret
          --account                    demo only: also deploy examples/dr-account-and-container.yaml (a storage
                                       account and a container in it) as a stack in eu-central-1
          --verbose                    print the handler's log lines
        """;

    private static final Set<String> COMMANDS = Set.of("demo", "deploy", "describe", "list", "delete", "help");
    private static final Set<String> TARGETS = Set.of("local", "aws");
    private static final String AWS_REGION = "[a-z]{2}(-[a-z]+)+-[0-9]";

    static CommandLine parse(final String[] args) {
        if (args.length == 0 || Set.of("-h", "--help", "help").contains(args[0])) {
            return new CommandLine("help", List.of(), null, Map.of(), null, "local", null, null, null, null, false,
                false);
        }
        if (!COMMANDS.contains(args[0])) {
            throw usage("unknown command '" + args[0] + "'");
        }
        final List<String> arguments = new ArrayList<>();
        final Map<String, String> parameters = new LinkedHashMap<>();
        final Map<String, String> options = new LinkedHashMap<>();
        boolean verbose = false;
        boolean account = false;
        for (int i = 1; i < args.length; i++) {
            final String arg = args[i];
            if (arg.equals("--verbose")) {
                verbose = true;
            } else if (arg.equals("--account")) {
                account = true;
            } else if (arg.startsWith("--")) {
                if (i + 1 >= args.length) {
                    throw usage(arg + " needs a value");
                }
                final String value = args[++i];
                if (arg.equals("--parameter")) {
                    final int equals = value.indexOf('=');
                    if (equals < 1) {
                        throw usage("--parameter takes KEY=VALUE, got '" + value + "'");
                    }
                    parameters.put(value.substring(0, equals), value.substring(equals + 1));
                } else if (Set.of("--stack-name", "--type-configuration", "--target", "--storage-account",
                    "--page-size", "--sign-in", "--region").contains(arg)) {
                    options.put(arg, value);
                } else {
                    throw usage("unknown option " + arg);
                }
            } else {
                arguments.add(arg);
            }
        }
        final String target = options.getOrDefault("--target", "local");
        if (!TARGETS.contains(target)) {
            throw usage("--target is local or aws, not '" + target + "'");
        }
        return new CommandLine(args[0], arguments, options.get("--stack-name"), parameters,
            options.get("--type-configuration"), target, options.get("--storage-account"),
            pageSize(options.get("--page-size")), signIn(options.get("--sign-in")), region(options.get("--region")),
            account, verbose);
    }

    private static SignIn signIn(final String value) {
        if (value == null) {
            return null;
        }
        return SignIn.ofOption(value).orElseThrow(() -> usage("--sign-in is "
            + String.join(" or ", Arrays.stream(SignIn.values()).map(SignIn::option).toList()) + ", not '" + value
            + "'"));
    }

    private static String region(final String value) {
        if (value != null && !value.matches(AWS_REGION)) {
            throw usage("--region is an AWS Region such as eu-central-1, not '" + value + "'");
        }
        return value;
    }

    private static Integer pageSize(final String value) {
        if (value == null) {
            return null;
        }
        if (!value.matches("[1-9][0-9]{0,3}")) {
            throw usage("--page-size is a number from 1 to 9999, not '" + value + "'");
        }
        return Integer.valueOf(value);
    }

    private static InputException usage(final String problem) {
        return new InputException("cfn-local: " + problem + " (./cfn-local help shows the usage)");
    }

    boolean local() {
        return target.equals("local");
    }
}
