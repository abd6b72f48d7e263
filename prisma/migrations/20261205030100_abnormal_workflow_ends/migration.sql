-- A process whose workflow ended abnormally (terminated, failed, timed out, cancelled) is recorded as
-- such (platform/workflow-ends.ts) instead of staying "in progress" for ever (issue 13, finding 5).
ALTER TYPE "AgreementStatus" ADD VALUE 'workflow_terminated';
ALTER TYPE "AgreementStatus" ADD VALUE 'workflow_failed';
ALTER TYPE "AgreementStatus" ADD VALUE 'workflow_timed_out';
ALTER TYPE "AgreementStatus" ADD VALUE 'workflow_cancelled';
ALTER TYPE "PlacementStatus" ADD VALUE 'workflow_terminated';
ALTER TYPE "PlacementStatus" ADD VALUE 'workflow_failed';
ALTER TYPE "PlacementStatus" ADD VALUE 'workflow_timed_out';
ALTER TYPE "PlacementStatus" ADD VALUE 'workflow_cancelled';
ALTER TYPE "CertificationApplicationStatus" ADD VALUE 'workflow_terminated';
ALTER TYPE "CertificationApplicationStatus" ADD VALUE 'workflow_failed';
ALTER TYPE "CertificationApplicationStatus" ADD VALUE 'workflow_timed_out';
ALTER TYPE "CertificationApplicationStatus" ADD VALUE 'workflow_cancelled';
