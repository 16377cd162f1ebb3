"""dvbot — the application, in layers.

Each layer imports only the layers below it (``lint-imports`` keeps this; see
``docs/architecture.md`` for the map and the recipes)::

    bot.shell                 composition root: CLI, serve, webhook app, scheduler
       │
    bot.channels │ handlers   platform adapters │ router, flows, views
       (siblings: neither imports the other; adapters get a Handler callable)
       │
    bot.services              use cases shared by chat and CLI, taking a connection
       │
    storage                   SQLAlchemy Core + Alembic: every SQL statement
       │
    bot.domain                pure rules: plans, question types, round kinds, engine,
       │                      unit tree, statuses, scoring, summary, reminder rules
    bot.core                  kernel: errors, messages, ports, buttons, capabilities,
                              settings, clock, text helpers

``locales`` (user text) is read by handlers, services, channels and the shell,
never by the domain. Only ``bot.shell`` reads the environment.
"""
