/**
 * Who reviews a submission: the team's manager. When the submitter or the customer's owner IS the
 * manager (a manager does not approve their own records), or the team has no manager or is unknown,
 * the review goes to the ADMIN reviewer (WORKFLOW_ADMIN_REVIEWER_ID).
 */
export function chooseReviewer(
  team: { managerId: string | null } | null,
  submittedBy: string,
  ownerId: string,
  adminReviewerId: string,
): string {
  const manager = team?.managerId ?? null;
  if (!manager || manager === submittedBy || manager === ownerId) return adminReviewerId;
  return manager;
}
