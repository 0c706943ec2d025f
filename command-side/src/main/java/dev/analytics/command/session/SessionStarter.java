package dev.analytics.command.session;

import dev.analytics.command.user.ClaimCodeRefused;
import dev.analytics.command.user.EmailRegistry;
import dev.analytics.command.user.RedeemClaimCode;
import dev.analytics.command.user.RegisterUser;
import dev.analytics.command.user.User;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.util.UUID;

/**
 * Handles {@link StartSession}: everything it does (the email claim, the user's first event, the claim code's
 * redemption, the session's creation) commits in one transaction, or none of it does.
 */
@Component
class SessionStarter {

    private final CommandGateway commands;
    private final EmailRegistry emails;

    SessionStarter(CommandGateway commands, EmailRegistry emails) {
        this.commands = commands;
        this.emails = emails;
    }

    /** Returns the signed-in user's id. Commands sent from here join this command's unit of work and transaction. */
    @CommandHandler
    String handle(StartSession command) {
        String userId;
        if (command.claimCode() != null) {
            userId = ClaimCode.userIdOf(command.claimCode()).orElseThrow(ClaimCodeRefused::new);
            commands.sendAndWait(new RedeemClaimCode(userId, ClaimCode.hash(command.claimCode()), command.sessionId()));
        } else {
            userId = UUID.randomUUID().toString();
            if (command.email() != null && !emails.claim(command.email(), userId)) {
                throw new EmailInUse();
            }
            commands.sendAndWait(new RegisterUser(userId, command.email(), command.name(), command.modelLimit()));
        }
        commands.sendAndWait(new CreateSession(command.sessionId(), userId));
        return userId;
    }
}
