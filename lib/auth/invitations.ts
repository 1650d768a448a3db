import { z } from "zod";
import { MIN_PASSWORD_LENGTH, staffRoles, type StaffRole } from "@/lib/auth/values";
import { rolesRequiring2fa } from "@/lib/auth/permissions";
import { clock } from "@/lib/core/clock";

/*
 * Staff management rules: the zod schemas shared by the forms and the Server Actions, and the
 * pure decisions (who may grant which role, what state an invitation is in). No database here; client
 * components load the schemas on demand and take the limits from values.ts.
 */

export { INVITATION_TTL_DAYS, MIN_PASSWORD_LENGTH } from "@/lib/auth/values";

const email = z.string().trim().toLowerCase().email("Enter a valid email").max(254, "This email is too long");
const role = z.enum(staffRoles, { message: "Choose a role" });
const id = (label: string) => z.string().trim().min(1, `${label} is missing`).max(100);
const uuid = (label: string) => z.string().uuid(`${label} is not valid`);

export const inviteStaffSchema = z.object({ email, role });
export type InviteStaffInput = z.input<typeof inviteStaffSchema>;

export const revokeInvitationSchema = z.object({ invitationId: uuid("Invitation") });

export const acceptInvitationSchema = z.object({
  token: z.string().trim().min(1, "This invitation link is incomplete").max(200),
  name: z.string().trim().min(1, "Enter your name").max(120, "Use at most 120 characters"),
  password: z.string().min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters`).max(128, "Use at most 128 characters"),
});
export type AcceptInvitationInput = z.input<typeof acceptInvitationSchema>;

export const changeRoleSchema = z.object({ userId: id("Staff member"), role });
export const staffMemberSchema = z.object({ userId: id("Staff member") });
export const revokeSessionSchema = z.object({ sessionId: id("Session") });
export const revokeStaffSessionSchema = z.object({ userId: id("Staff member"), sessionId: id("Session") });
export const noInputSchema = z.object({}).strict();

/** Owners are the only ones who can make, unmake, deactivate or reactivate an owner. */
export const canManageRole = (actorRole: StaffRole, targetRole: StaffRole | null | undefined) => actorRole === "owner" || targetRole !== "owner";

/** The roles an actor may hand out in the invite and change-role forms. */
export const assignableRoles = (actorRole: StaffRole): StaffRole[] => staffRoles.filter((r) => canManageRole(actorRole, r));

export type InvitationState = "pending" | "expired" | "revoked" | "accepted";

export function invitationState(
  invitation: { expiresAt: Date; acceptedAt: Date | null; revokedAt: Date | null },
  now = clock.now(),
): InvitationState {
  if (invitation.acceptedAt) return "accepted";
  if (invitation.revokedAt) return "revoked";
  if (invitation.expiresAt <= now) return "expired";
  return "pending";
}

/** What the invite page and the accept action say for a link that cannot be used. */
export const invitationProblem: Record<Exclude<InvitationState, "pending"> | "unknown", string> = {
  unknown: "This invitation link is not valid. Check that you copied the whole link, or ask for a new invitation.",
  expired: "This invitation has expired. Ask your ISP's owner or admin to send a new one.",
  revoked: "This invitation was withdrawn. Ask your ISP's owner or admin if you should have access.",
  accepted: "This invitation has already been used. Sign in with the email and password you chose.",
};

/** Where a newly joined staff member goes: owners and admins must enrol 2FA first. */
export const landingAfterJoin = (joinedRole: StaffRole) => (rolesRequiring2fa.includes(joinedRole) ? "/two-factor/setup" : "/dashboard");
