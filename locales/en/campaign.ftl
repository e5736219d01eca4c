### The setup flow's pages, in English: the language every other one falls back to.
###
### Messages are HTML: the text may use <strong>, arguments are escaped. Keep Microsoft's own
### words where users know them from Microsoft Entra ("Skip for now", "Next").

## Dates and times (the prompt's deadline)

# Dates and clock times themselves are written from CLDR (ICU4X), not by messages.
# $time: 17:30
time-utc = { $time } UTC
# $offset: +01:00
time-utc-offset = { $time } UTC{ $offset }
date-at-time = { $date } at { $time }

## Every page

# $number, $total
step-of = Step { $number } of { $total }
next = Next
back = Back
done = Done
try-again = Try again
skip-for-now = Skip for now
continue-to-app = Continue to your app
sign-out = Sign out
organization-default = Your organization
# $organization, $method: an app's name, or one of the method-* phrases below
footer-asks-method = { $organization } asks you to set up { $method } to keep your account secure.
footer-asks = { $organization } asks you to keep your account secure.
method-a-passkey = a passkey
method-an-authenticator-app = an authenticator app
# What the script says on its Copy buttons and status line (campaign.js)
script-copy = Copy
script-copied = Copied
script-copy-by-hand = Selected: press Ctrl+C or ⌘C to copy
script-approved = Approved
script-denied = Denied
script-expired = Expired

## The prompt

prompt-heading = Keep your account secure
prompt-signed-in-as = Signed in as
prompt-before-you-continue = Before you continue
# $organization, $app
prompt-app-intro = { $organization } requires additional security information. Follow the prompts to download and set up the { $app } app.
prompt-app-intro-any = { $organization } requires additional security information. Follow the prompts to download and set up an authenticator app.
prompt-passkey-intro = { $organization } asks you to create a passkey. With a passkey you sign in with your face, fingerprint or screen lock: nothing to type, and nothing a fake website can steal.
# $when: a date, or a date and time
prompt-deadline-passed-app = The deadline to set up { $app } was { $when }. Set it up now to continue.
prompt-deadline-passed-any-app = The deadline to set up an authenticator app was { $when }. Set one up now to continue.
prompt-deadline-passed-passkey = The deadline to create a passkey was { $when }. Create one now to continue.
prompt-max-skips-app = You've skipped this the maximum number of times. Set up { $app } now to continue.
prompt-max-skips-any-app = You've skipped this the maximum number of times. Set up an authenticator app now to continue.
prompt-max-skips-passkey = You've skipped this the maximum number of times. Create a passkey now to continue.
prompt-skips-left = You can skip this { $skips ->
    [one] { $skips } more time
   *[other] { $skips } more times
    }.
# $required: one of the required-* messages, in bold
prompt-due-or-skips = <strong>{ $required }</strong>, or after { $skips ->
    [one] { $skips } more skip
   *[other] { $skips } more skips
    }, whichever comes first.
prompt-due = <strong>{ $required }</strong>.
required-today = Required today
# $time: 17:30 UTC
required-today-by = Required today (by { $time })
# $days: calendar days until the deadline, $when: its date (and time)
required-in-days = Required in { $days ->
    [one] { $days } day
   *[other] { $days } days
    } (by { $when })
remind-next-sign-in = If you skip, we'll ask again at your next sign-in.
remind-in-days = If you skip, we'll ask again in { $days ->
    [one] { $days } day
   *[other] { $days } days
    }.
remind-at-deadline = If you skip, we'll ask again when setup becomes required, at your first sign-in from { $when }.

## Step 1: the app

download-heading = Start by getting the app
download-install = On your phone, install the { $app } app.
download-install-any = On your phone, install an authenticator app if you don't have one yet. Any app that shows 6-digit codes works.
download-app-store = Download on the App Store
download-google-play = Get it on Google Play
download-then-next = After you install the app on your device, choose Next.

## Step 2: adding the account

setup-heading = Set up your account
setup-push-notifications = If prompted, allow notifications.
setup-push-add-account = Open the app and add an account: choose Work or school account.
setup-push-scan = Choose Scan a QR code.
setup-code-add-account = Open the app and add an account. In Microsoft Authenticator, choose Other account (Google, Facebook, etc.); in other authenticator apps, choose to add an account or a code.
setup-code-add-account-any = Open the app and choose to add an account or a code.
setup-code-scan = Choose Scan a QR code. The next page shows the QR code, and the key to type in if you can't scan it.

## Step 3: the QR code

scan-heading = Scan the QR code
scan-push-intro = Use the { $app } app to scan the QR code. This connects the app to your account.
scan-push-caption = QR code for connecting your app
scan-cant-scan = Can't scan the image?
scan-enter-code-and-url = In the app, choose to enter a code instead, and enter this code and URL:
scan-code = Code
scan-url = URL
scan-copy-code = Copy the code
scan-copy-url = Copy the URL
scan-or-enter-link = Or enter this link in the app:
scan-enter-link = Enter this link in the app:
copy-setup-link = Copy the setup link
# $device: the phone's name
scan-connected = Connected: { $device }
scan-fingerprint = Key fingerprint:
scan-check-fingerprint = Check that your phone shows the same fingerprint, then choose Next to get a test notification.
scan-waiting = Waiting for your phone…
scan-scanned = I've scanned it
# $countdown: the time left, m:ss
scan-qr-works-for = This QR code works for { $countdown }.
scan-not-scanned = We haven't heard from your phone yet. Scan the QR code with the app first, then choose Next.
alternative-other-app = I want to use a different authenticator app
alternative-push = Use notifications on your phone instead
alternative-app = Use an authenticator app instead

## Step 3 with a code (TOTP)

code-intro = Scan the QR code with your authenticator app, or enter the key manually.
code-caption = QR code for your authenticator app
code-open-here = On a phone? Open the app on this device
code-account-name = Account name
code-issuer = Issuer
code-secret-key = Secret key
code-copy-secret = Copy the secret key
code-show-link = Show the setup link
code-label = Enter the 6-digit code from the app
code-attempts-left = { $attempts ->
    [one] { $attempts } attempt
   *[other] { $attempts } attempts
    } left.
code-missing = Enter the 6-digit code from your app.
code-used = That code was already used. Wait for the next code in your app.
code-wrong = That code didn't work. Check the code in your app and try again.
code-too-many = That code didn't work too many times. We made a new QR code: remove the old account from your app and scan this one.
code-changed = Something changed meanwhile. Please enter the code again.
code-your-app = Your authenticator app

## Step 4: the test notification

test-heading = Let's try it out
test-approve = Approve the notification we're sending to { $device } by entering the number shown below.
test-number = Number to enter:
test-still-waiting = Still waiting for your approval on { $device }. Enter the number above in the app, then choose Next.
test-waiting = Waiting for your approval…
test-expires-in = The notification expires in { $countdown }.
test-device-approved = { $device } approved the notification.
test-approved = Approved.
test-sent = We sent a test notification to { $device }.
test-denied = The notification was denied on { $device }. Choose Next to send a new one.
test-wrong-number = The number entered on { $device } didn't match the number shown here, so the notification was refused. Choose Next to send a new one.
test-expired = { $device } didn't answer the notification in time. Choose Next to send a new one.
approved-heading = Notification approved
approved-connected = { $device } is connected.
approved-your-phone = Your phone
done-heading = Success!
# $method: the app's name, or code-your-app
done-text = Great job! You have successfully set up your security info. { $method } is now your default sign-in method.
done-text-neutral = Great job! You have successfully set up your security info. You can use it the next time you sign in.
saving-heading = We couldn't save your new sign-in method
saving-text = Your app is set up, but we couldn't save it to your account. Nothing is lost: try again in a moment.

## Passkeys

passkey-heading = Create a passkey
passkey-intro = A passkey lets you sign in with your face, fingerprint or screen lock instead of a code. Your browser will ask where to save it: on this device, on your phone, in a password manager or on a security key.
passkey-no-script = Creating a passkey needs JavaScript, which is off in this browser. Turn it on and reload this page.
passkey-no-script-or-app = Creating a passkey needs JavaScript, which is off in this browser. Turn it on and reload this page, or use an authenticator app instead.
passkey-unsupported = This browser can't create a passkey here. You can create it on your phone or with a security key, or skip this for now.
passkey-unsupported-or-app = This browser can't create a passkey here. You can use an authenticator app instead, or create the passkey on your phone or with a security key.
passkey-create = Create a passkey
# What the passkey script says (passkey.js)
passkey-script-cancelled = The passkey wasn’t created. You can try again, or choose another way.
passkey-script-exists = This device already has a passkey for your account. You can use it to sign in, or try another device.
passkey-script-security = This page can’t create a passkey. Open the sign-in page at its usual address and try again.
passkey-script-failed = Something went wrong and the passkey wasn’t created. You can try again.
passkey-script-busy = Follow the steps your browser shows…
passkey-already-created = A passkey was already created for this setup.
passkey-changed = The passkey setup changed meanwhile. Reload the page.
passkey-already-saved = This passkey was already saved.
passkey-choose-create = Choose Create a passkey, then follow the steps your browser shows.
passkey-unreadable = Your browser sent an answer we couldn't read, so no passkey was saved. Please try again.
passkey-wrong-site = This passkey was made for a different website, so it wasn't saved.
passkey-wrong-request = This answer belongs to a different passkey request, so it wasn't saved. Please try again.
passkey-not-verified = Your device didn't check that it's you (with your face, fingerprint, PIN or screen lock), so the passkey wasn't saved. Try again and complete that step.
passkey-already-yours = This passkey is already set up for your account, so it wasn't saved again.
passkey-taken = This passkey can't be used for your account, so it wasn't saved. Create a new passkey instead.
passkey-not-verifiable = Your browser's answer couldn't be verified, so no passkey was saved. Please try again.
passkey-request-used = This passkey request was already used. Go back and choose Create a passkey again.
passkey-too-slow = That took too long, so no passkey was saved. Choose Create a passkey to try again.
passkey-rule-no-profile = Your organization doesn't allow you to create a passkey here.
passkey-rule-synced = Your organization only allows passkeys that stay on one device, such as a security key. This passkey can sync between devices, so it wasn't saved.
passkey-rule-device-bound = Your organization only allows passkeys that sync between your devices, such as passkeys saved in a password manager. This passkey stays on one device, so it wasn't saved.
passkey-rule-attestation = Your organization only allows passkeys from device models it can verify, and this passkey couldn't be verified, so it wasn't saved. Try a security key from your organization.
# $provider: a password manager's or platform's name
passkey-rule-provider = Your organization doesn't allow passkeys from { $provider }, so this passkey wasn't saved. Try saving it somewhere else.
passkey-rule-provider-unknown = Your organization doesn't allow passkeys from this provider, so this passkey wasn't saved. Try saving it somewhere else.
name-heading = Name your passkey
name-intro = Your passkey is made. Give it a name you'll recognize, such as the device or app it's saved in.
name-label = Passkey name
name-default = Passkey
name-empty = Give your passkey a name, so you can tell it from others later.
# $max: the longest name allowed
name-too-long = Use a shorter name: at most { $max } characters.
name-characters = Use letters, digits, spaces and punctuation only.
passkey-done-heading = Passkey created
# $name: what the user called it
passkey-done-text = Your passkey <strong>{ $name }</strong> is saved. Next time, you can sign in with it instead of a code.
passkey-done-text-unnamed = Your passkey is saved. Next time, you can sign in with it instead of a code.

## Pages outside a flow, and problems

expired-title = Your setup session expired
expired-heading = Your setup session expired.
expired-text = Nothing was changed. You can set up your app at your next sign-in.
problem-failed = That didn't work
problem-step-unavailable = This setup step can't be done now. Continue to your app; you can set up your app at your next sign-in.
problem-required = Setup is required
problem-required-deadline = The deadline to set this up has passed, so it can't be skipped now.
problem-required-skips = You've skipped this the maximum number of times, so it can't be skipped now.
required-sign-in-again = Your account must set up a sign-in method before you can continue. Sign out, then sign in again to set it up.
problem-elsewhere = This setup continues elsewhere
problem-elsewhere-text = You signed in again, in another window or browser, and the setup continues there. Nothing was changed here.
problem-skipped = You skipped setup for now
problem-skipped-text = Your skip was recorded, and nothing else needs doing here. Continue to your app.
problem-all-set = You're all set
problem-all-set-text = Your new sign-in method is set up. Continue to your app.
problem-other-tab = This setup continues in another tab
problem-other-tab-text = You signed in again in another tab, and the setup continues there. Nothing was changed. Close this tab, or continue with the newer setup.
problem-csrf = We couldn't verify this request
problem-csrf-text = For your security, this setup session was stopped and nothing was changed. Continue to your app; you can set up your app at your next sign-in.
problem-slow-down = Please slow down
problem-slow-down-text = Too many requests were made for this setup. Wait a minute, then reload this page.
problem-store = We couldn't continue the setup
problem-store-text = Something went wrong on our side. Please try again in a moment.
problem-flow-setups = This setup has been started too many times. Continue to your app; you can set up your app at your next sign-in.
problem-user-setups = Too many setups were started for your account in the last hour. Try again later.
problem-not-found = Page not found
problem-not-found-text = This page doesn't exist.
problem-method-text = This page can't be used that way.
problem-held = We couldn't finish your sign-in
problem-held-text = Your account needs an authenticator app set up, and we can't check it right now. Please sign in again in a few minutes.

## Messages by mail: the binding notice after a registration, and reminders before a deadline.
## Plain text (no markup); they are also written into an HTML part.

# $name: the user's display name
mail-greeting = Hello { $name },
mail-automatic = This message was sent automatically by { $organization }.
mail-unknown = unknown
mail-binding-subject = A sign-in method was added to your account
mail-binding-intro = A new sign-in method was added to your { $organization } account.
mail-method-push = an authenticator app with notifications
mail-method-totp = an authenticator app (codes)
mail-method-passkey = a passkey
mail-method-other = another sign-in method ({ $method })
mail-binding-method = Method: { $method }
mail-binding-device = Name: { $device }
mail-binding-when = When: { $when }
mail-binding-from = From: { $browser }, IP address { $ip }
mail-binding-was-you = If this was you, there is nothing else to do.
mail-binding-not-you = If this was not you, someone else may be able to sign in as you. Contact { $support } now.
mail-binding-not-you-organization = If this was not you, someone else may be able to sign in as you. Contact { $organization } now.
mail-binding-not-you-link = Report it here: { $link }
# $date: the deadline's day
mail-reminder-subject = Set up your sign-in method by { $date }
mail-reminder-subject-now = Setting up your sign-in method is now required
# $method: an app's name, or one of the method-* phrases
mail-reminder-intro = { $organization } asks you to set up { $method } to keep your account secure.
# $days: whole days left, $when: the deadline's date and time
mail-reminder-by = Please set it up by { $when } ({ $days ->
    [one] within a day
   *[other] { $days } days from now
    }). Until then you can still skip it when you sign in; after that, you can't.
mail-reminder-now-required = The deadline has passed: you have to set it up the next time you sign in.
mail-reminder-how = It takes a few minutes: sign in as usual and follow the steps shown after your sign-in.
mail-reminder-link = Sign in: { $link }

## The test when the phone shows several numbers (privacyIDEA Authenticator)
# $device: the app's name
test-approve-choice = Open { $device } on your phone: it shows a few numbers. Tap the number shown below.
test-number-choice = Number to tap:
# $device: the app's name
test-still-waiting-choice = Still waiting for your approval. Open { $device } (or pull down to refresh it), tap the number above, then choose Next.
