DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'model_serving') THEN
        CREATE SCHEMA model_serving;
    END IF;
END $EF$;
CREATE TABLE IF NOT EXISTS model_serving."__EFMigrationsHistory" (
    "MigrationId" character varying(150) NOT NULL,
    "ProductVersion" character varying(32) NOT NULL,
    CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY ("MigrationId")
);


DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM model_serving."__EFMigrationsHistory" WHERE "MigrationId" = '20261201010216_InitialInferenceLog') THEN
        IF NOT EXISTS(SELECT 1 FROM pg_namespace WHERE nspname = 'model_serving') THEN
            CREATE SCHEMA model_serving;
        END IF;
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM model_serving."__EFMigrationsHistory" WHERE "MigrationId" = '20261201010216_InitialInferenceLog') THEN
    CREATE TABLE model_serving.inference_logs (
        id bigint GENERATED ALWAYS AS IDENTITY,
        request_id text NOT NULL,
        endpoint_name text NOT NULL,
        user_id text NOT NULL,
        inputs jsonb,
        predictions jsonb,
        status text NOT NULL,
        error_code text,
        error_message text,
        execution_time_ms bigint NOT NULL,
        created_at timestamp with time zone NOT NULL,
        completed_at timestamp with time zone,
        CONSTRAINT "PK_inference_logs" PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM model_serving."__EFMigrationsHistory" WHERE "MigrationId" = '20261201010216_InitialInferenceLog') THEN
    CREATE TABLE model_serving.schema_detection_events (
        id bigint GENERATED ALWAYS AS IDENTITY,
        endpoint_name text NOT NULL,
        user_id text NOT NULL,
        detected_type text NOT NULL,
        input_format text NOT NULL,
        status text NOT NULL,
        message text,
        latency_ms bigint NOT NULL,
        created_at timestamp with time zone NOT NULL,
        CONSTRAINT "PK_schema_detection_events" PRIMARY KEY (id)
    );
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM model_serving."__EFMigrationsHistory" WHERE "MigrationId" = '20261201010216_InitialInferenceLog') THEN
    CREATE UNIQUE INDEX "IX_inference_logs_request_id" ON model_serving.inference_logs (request_id);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM model_serving."__EFMigrationsHistory" WHERE "MigrationId" = '20261201010216_InitialInferenceLog') THEN
    CREATE INDEX "IX_inference_logs_user_id_created_at_id" ON model_serving.inference_logs (user_id, created_at DESC, id DESC);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM model_serving."__EFMigrationsHistory" WHERE "MigrationId" = '20261201010216_InitialInferenceLog') THEN
    CREATE INDEX "IX_schema_detection_events_endpoint_name_created_at" ON model_serving.schema_detection_events (endpoint_name, created_at);
    END IF;
END $EF$;

DO $EF$
BEGIN
    IF NOT EXISTS(SELECT 1 FROM model_serving."__EFMigrationsHistory" WHERE "MigrationId" = '20261201010216_InitialInferenceLog') THEN
    INSERT INTO model_serving."__EFMigrationsHistory" ("MigrationId", "ProductVersion")
    VALUES ('20261201010216_InitialInferenceLog', '10.0.15');
    END IF;
END $EF$;
