### The demo host's own pages (sign-in, MFA, home), in English. The campaign's pages have their
### own messages (locales/ at the top of the repository); the demo adds these to the same
### catalog with Locales::with_ftl, as any host can.

demo-demo = (demo)
demo-home-title = Home
# $name: the user's display name
demo-signed-in-as = Signed in as { $name }
demo-admin-link = Registration campaign administration
demo-sign-out = Sign out
demo-sign-in = Sign in
demo-wrong-credentials = Wrong email or password. Check both and try again.
demo-email = Email
demo-password = Password
demo-code = Code
demo-verify = Verify
demo-verify-title = Verify your identity
demo-code-from-app = Open your authenticator app and enter the 6-digit code it shows for this account.
demo-code-texted = We texted a code to your phone. Enter it here.
demo-passkey-or = Or sign in with the passkey you created.
demo-passkey-unsupported = This browser can't use a passkey here. Enter a code instead.
demo-use-passkey = Use a passkey
demo-passkey-no-script = Signing in with a passkey needs JavaScript. Enter a code instead.
demo-passkey-failed = That passkey didn't work. Try again, or enter a code instead.
# What the passkey script says when signing in (passkey.js)
demo-passkey-script-cancelled = You weren’t signed in with a passkey. You can try again, or sign in another way.
demo-passkey-script-exists = Something went wrong. You can try again.
demo-passkey-script-security = This page can’t use a passkey. Open the sign-in page at its usual address and try again.
demo-passkey-script-failed = Something went wrong and you weren’t signed in. You can try again.
demo-push-title = Approve sign in request
# $device: the phone's name
demo-push-instructions = Open your authenticator app on { $device } and enter the number shown to sign in.
demo-push-instructions-choice = Open { $device } on your phone (or pull down to refresh it) and tap the number shown below to sign in.
demo-push-approved = I approved it
demo-push-use-code = Use a text message code instead
demo-try-again = Try again
demo-push-timed-out = The sign-in request timed out. Try again to get a new one.
demo-push-waiting = We haven't received your approval yet.
demo-push-denied = The sign-in request was denied or timed out.
demo-push-unavailable = We couldn't check the sign-in request. Try again.
demo-code-wrong-app = That code is wrong. Check the code in your authenticator app and try again ({ $tries ->
    [one] { $tries } try
   *[other] { $tries } tries
    } left).
demo-code-used = That code was already used. Wait for the next code in your app.
# $time: 17:30 UTC
demo-locked-out = Too many wrong codes. Try again after { $time }.
demo-code-unavailable = We couldn't check the code. Try again in a moment.
demo-code-wrong-sms = That code is wrong. Check the text message and try again.
# $command: the simulator's command line, $alternative: the scan page's switch button
demo-device-app = In this demo, Contoso Authenticator is played by the device simulator. Run { $command } in another terminal, then come back and choose Next. Or choose "{ $alternative }" on the QR code page to use any authenticator app.
demo-device-link = the link under the QR code
demo-back = Back to the demo
demo-not-found-title = Page not found
demo-not-found = There is no page at this address.
demo-start-page = Go to the start page
demo-not-admin-title = Not an administrator
demo-not-admin = You are signed in as { $name }, who may not use the admin page. Sign out, then sign in as an administrator (in the demo: admin@contoso.test).
demo-back-home = Back home
