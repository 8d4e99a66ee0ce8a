DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'preferences') THEN
        CREATE SCHEMA preferences;
    END IF;
END $EF$;
CREATE TABLE IF NOT EXISTS preferences."__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);


DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM preferences."__EFMigrationsHistory" WHERE "MigrationId" = '20261124071855_InitialPreferences') THEN
        IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'preferences') THEN
            CREATE SCHEMA preferences;
        END IF;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM preferences."__EFMigrationsHistory" WHERE "MigrationId" = '20261124071855_InitialPreferences') THEN
    CREATE TABLE preferences.user_preferences (
        id bigint GENERATED ALWAYS AS IDENTITY,
        user_id text NOT NULL,
        preference_key text COLLATE "C" NOT NULL,
        preference_value jsonb,
        created_at timestamp with time zone NOT NULL DEFAULT (now()),
        updated_at timestamp with time zone NOT NULL DEFAULT (now()),
        CONSTRAINT "PK_user_preferences" PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM preferences."__EFMigrationsHistory" WHERE "MigrationId" = '20261124071855_InitialPreferences') THEN
    CREATE UNIQUE INDEX "IX_user_preferences_user_id_preference_key" ON preferences.user_preferences (user_id, preference_key);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM preferences."__EFMigrationsHistory" WHERE "MigrationId" = '20261124071855_InitialPreferences') THEN
    INSERT INTO preferences."__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261124071855_InitialPreferences', '10.0.15');
    END IF;
END $EF$;
