package dev.analytics.query.rebuild;

/** A rebuild was asked for a read model that does not exist. */
public class UnknownReadModel extends IllegalArgumentException {

    UnknownReadModel(String name) {
        super("No read model is called '" + name + "'; choose one of " + ReadModel.names());
    }
}
