// Who asks for a step, as the API authenticated them. The process decides what they may do.
export interface Actor {
  userId: string;
  organizationId: string | null;
  roles: string[];
}
