package dev.analytics.command.aggregate;

import org.axonframework.messaging.unitofwork.DefaultUnitOfWork;
import org.axonframework.messaging.unitofwork.UnitOfWork;
import org.axonframework.modelling.command.AggregateNotFoundException;
import org.axonframework.modelling.command.Repository;

import java.util.Optional;
import java.util.function.Function;

/**
 * Reads an aggregate's current state straight from its events, for answers that must include the caller's own
 * latest write (read-your-writes, DESIGN.md §2). Nothing is changed: the unit of work is always rolled back.
 */
public final class AggregateState {

    private AggregateState() {
    }

    public static <A, R> Optional<R> read(Repository<A> repository, String id, Function<A, R> view) {
        UnitOfWork<?> unitOfWork = DefaultUnitOfWork.startAndGet(null);
        try {
            return Optional.ofNullable(repository.load(id).invoke(view));
        } catch (AggregateNotFoundException e) {
            return Optional.empty();
        } finally {
            unitOfWork.rollback();
        }
    }
}
