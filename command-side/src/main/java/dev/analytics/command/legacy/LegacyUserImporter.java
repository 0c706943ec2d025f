package dev.analytics.command.legacy;

import dev.analytics.command.user.EmailRegistry;
import dev.analytics.command.user.ImportUser;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

/**
 * Handles {@link ImportLegacyUser}: the email claim and the user's first event commit in one transaction, or neither
 * does, as with a sign-up ({@code SessionStarter}).
 */
@Component
class LegacyUserImporter {

    private final CommandGateway commands;
    private final EmailRegistry emails;

    LegacyUserImporter(CommandGateway commands, EmailRegistry emails) {
        this.commands = commands;
        this.emails = emails;
    }

    /**
     * A user that already exists without an email is not detected here: creating it again fails at commit with
     * Axon's {@code AggregateStreamCreationException}, which the caller reads as "already imported".
     */
    @CommandHandler
    ImportOutcome handle(ImportLegacyUser command) {
        if (command.email() != null && !emails.claim(command.email(), command.userId())) {
            // The claim and the user commit together, so an email that is already this user's means the user exists.
            boolean ours = emails.ownerOf(command.email()).filter(command.userId()::equals).isPresent();
            return ours ? ImportOutcome.ALREADY_IMPORTED : ImportOutcome.EMAIL_IN_USE;
        }
        commands.sendAndWait(new ImportUser(command.userId(), command.email(), command.modelCount(),
                command.modelLimit(), command.sourceKey(), command.createdAt()));
        return ImportOutcome.IMPORTED;
    }
}
