-- A role that reads GET /metrics and nothing else (a monitoring system's user).
ALTER TYPE "Role" ADD VALUE 'metrics_reader';
