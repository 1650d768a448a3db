/*
 * The portal's signed-out pages for one ISP, whichever address they are reached at: `/portal/<slug>/…`, the ISP's
 * custom domain (`/sign-in`, …) or an old `?isp=<id>` link of an ISP without a slug. `links` say where the others are.
 */
import Link from "next/link";
import { PortalAuthFrame } from "@/components/portal/auth-frame";
import { PortalSignInForm, RequestLinkForm } from "@/components/portal/sign-in-forms";
import type { PortalBranding } from "@/lib/portal/branding";

export type SignedOutLinks = { signIn: string; forgotPassword: string; signInLink: string };

const linkClass = "text-primary underline underline-offset-4";

export function SignInView({ branding, links }: { branding: PortalBranding; links: SignedOutLinks }) {
  return (
    <PortalAuthFrame
      branding={branding}
      title="Sign in"
      description={`See your bills, pay online, check your connection and ask ${branding.name} for help.`}
      footer={
        <div className="flex flex-wrap justify-between gap-2">
          <Link className={linkClass} href={links.forgotPassword}>
            Forgot or never set a password?
          </Link>
          <Link className={linkClass} href={links.signInLink}>
            Email me a sign-in link
          </Link>
        </div>
      }
    >
      <PortalSignInForm isp={branding.id} />
    </PortalAuthFrame>
  );
}

export function ForgotPasswordView({ branding, links }: { branding: PortalBranding; links: SignedOutLinks }) {
  return (
    <PortalAuthFrame
      branding={branding}
      title="Reset your password"
      description="We email a link to choose a new password to the address on your account. First time here? This sets your password too."
      footer={
        <Link className={linkClass} href={links.signIn}>
          Back to sign in
        </Link>
      }
    >
      <RequestLinkForm isp={branding.id} kind="reset" />
    </PortalAuthFrame>
  );
}

export function SignInLinkView({ branding, links }: { branding: PortalBranding; links: SignedOutLinks }) {
  return (
    <PortalAuthFrame
      branding={branding}
      title="Sign in with an email link"
      description="We email a link that signs you in without a password to the address on your account."
      footer={
        <Link className={linkClass} href={links.signIn}>
          Sign in with your password instead
        </Link>
      }
    >
      <RequestLinkForm isp={branding.id} kind="magic_link" />
    </PortalAuthFrame>
  );
}
