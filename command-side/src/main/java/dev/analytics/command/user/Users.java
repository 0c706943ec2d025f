package dev.analytics.command.user;

import dev.analytics.command.aggregate.AggregateState;
import org.axonframework.modelling.command.Repository;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import java.util.Optional;

/** The command side's read of a user, from the aggregate itself: always current, including one's own last write. */
@Component
public class Users {

    private final Repository<User> repository;

    Users(@Qualifier("userRepository") Repository<User> repository) {
        this.repository = repository;
    }

    public Optional<UserView> find(String userId) {
        return AggregateState.read(repository, userId, User::view);
    }
}
