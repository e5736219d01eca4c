### The admin page (/admin/), in English. Validation messages that name a policy's JSON path
### come from the policy's own checks, shared with the Graph API, and stay in English.

## Times and days as people read them

# $when: a date and a 24-hour time, as CLDR writes them in the language ("15 Jan 2027, 09:00")
admin-when = { $when } UTC
# $percent: a whole number
admin-percent = { $percent } %

## The page

admin-title = Registration campaign: administration
admin-heading = Registration campaign
admin-sections = Sections of this page
admin-policy = Policy
admin-settings = Deadline and group rules
admin-funnel = Funnel
admin-users = Users
admin-what-if = What if?
admin-audit = Audit log
admin-store-unavailable = The store is not available.
admin-store-unavailable-unchanged = The store is not available; nothing was changed.
admin-csrf-refused = This form could not be verified (CSRF). Reload the admin page and try again; nothing was changed.
admin-form-expired = This form has expired: admin forms are valid for one hour. Reload the admin page and make your change again; nothing was changed.
# $count: how many problems; the sentence before says what was not saved
admin-fix-problems = { $count ->
    [one] Fix this problem:
   *[other] Fix these { $count } problems:
    }

## Policy

admin-policy-not-saved = The policy was not saved.
admin-policy-not-previewed = No preview yet.
admin-passkey-unattested = Passkey profile “{ $profile }” restricts keys by model without attestation. Without attestation the model is the browser’s own claim, so any key can pass as an allowed one. Set attestation to “registration only” to enforce the restriction.
admin-nothing-saved-yet = Nothing is saved yet.
admin-state = State
admin-state-enabled = Enabled
admin-state-disabled = Disabled
admin-state-default = Microsoft managed
admin-snooze-label = Days allowed to snooze (0 to 14; 0 = nudge at every sign-in)
admin-snooze = Days allowed to snooze
admin-snooze-invalid = must be a whole number of days from 0 to 14
admin-limited = Limited number of snoozes (three, then registration is required)
admin-targets-hint = One target per line: a user's sign-in name (<code>alice@contoso.com</code>), a group's or user's name, an ID alone (the directory tells user from group), <code>group ID</code>, <code>user ID</code>, or <code>all_users</code>. Preview shows what each line means.
admin-include = Include
admin-exclude = Exclude
admin-exclude-label = Exclude (exclusion wins)
admin-targets-list = List
admin-targets-line = Line
admin-targets-type = Type
admin-targets-name = Name
admin-targets-id = ID
# $type: Graph's targetType
admin-target-type = { $type ->
    [group] group
   *[user] user
    }
admin-not-in-directory = (not in the directory)
admin-all-users = All users
admin-targets-stored = What the lists mean
admin-targets-refused = What the lists you typed mean (not saved)
admin-targets-preview = Preview: what Save will store
admin-targets-confirm = What Save will store
admin-cancel = Cancel
admin-preview = Preview
admin-save = Save
admin-preview-notice = Preview: nothing is saved yet. Check what each line means below, then choose Save.
# $version: the policy's new version
admin-policy-saved = Saved. The policy is now version { $version }.
admin-policy-stale = Someone else changed the policy meanwhile. Here is the current policy; make your change again.
admin-confirm-disable = Disabling the campaign stops every nudge at once, and users who must register are no longer held at sign-in.
admin-confirm-disable-button = Yes, disable the campaign
admin-confirm-empty = The include list is empty: nobody is targeted, so nobody will be nudged.
admin-confirm-empty-button = Yes, save with nobody included
admin-confirm-both = Disabling the campaign and emptying the include list stop every nudge at once, and users who must register are no longer held at sign-in.
admin-confirm-both-button = Yes, disable it with nobody included

## Deadline and group rules

admin-settings-intro = Kept apart from Graph's policy, so Graph scripts stay valid. After the deadline, targeted users must register: their prompt has no Skip for now. A group rule changes the snooze for the group's members; the first rule for a group the user belongs to applies.
admin-settings-not-saved = The deadline and group rules were not saved.
admin-deadline = Deadline
admin-deadline-hint = A date such as <code>2027-01-15</code> (from 00:00 UTC that day) or a time such as <code>2027-01-15T17:00:00Z</code>. Empty: no deadline.
# $when: the deadline
admin-deadline-passed = In force: { $when }, passed (every targeted user must register).
admin-deadline-today = In force: { $when }, today.
admin-deadline-in-days = In force: { $when }, in { $days ->
    [one] { $days } day
   *[other] { $days } days
    }.
admin-reminders = Reminders (days before the deadline)
admin-reminders-hint = Up to 5 numbers from 0 to 60, such as <code>7, 1</code>: users who still have to register get a message that many days before their deadline (0: when it passes). Needs a deadline and notifications. Empty: no reminders.
# $when: the last run, $ahead: the days and users still ahead, $queued: reminders it sent
admin-reminder-plan = Last checked { $when }: { $ahead }. That check sent { $queued ->
    [one] { $queued } reminder
   *[other] { $queued } reminders
    }.
# $days, $users
admin-reminder-ahead = { $days ->
    [0] at the deadline
    [one] { $days } day before
   *[other] { $days } days before
    }: { $users ->
    [one] { $users } user
   *[other] { $users } users
    }
admin-reminder-no-address = { $users ->
    [one] { $users } user has no mail address.
   *[other] { $users } users have no mail address.
    }
admin-rules-hint = Empty fields use the policy's value (a rule's deadline: the campaign's). To remove a rule, empty its fields.
# $number: 1, 2, ...
admin-rule = Group rule { $number }
admin-rule-group = Group (name or ID)
admin-rule-snoozes = Snoozes allowed
admin-rule-policys = The policy's
admin-rule-unlimited = Unlimited
admin-save-settings = Save deadline and rules
# The field names the error summary gives
admin-field-rule-group = Rule { $number }, group
admin-field-rule-snooze = Rule { $number }, days allowed to snooze
admin-field-rule-snoozes = Rule { $number }, snoozes allowed
admin-field-rule-deadline = Rule { $number }, deadline
admin-settings-saved = Saved. The deadline and group rules are now version { $version }.
admin-settings-stale = Someone else changed the deadline or group rules meanwhile. Here they are now; make your change again.

## Funnel

# $days: how many days the funnel covers
admin-funnel-heading = Funnel, last { $days } days
admin-funnel-shown = Shown
admin-funnel-started = Started
admin-funnel-scanned = Scanned
admin-funnel-tested = Tested
admin-funnel-registered = Registered
# $of-shown, $from-previous: percentages
admin-funnel-rates = { $of-shown } of shown · { $from-previous } of the step before
admin-funnel-hint = Started: chose Next on the prompt. Scanned: reached the QR code. Tested: a test notification was sent (an authenticator app's code tests and registers in one step, so Tested is never below Registered). Registered: the host saved the new method.
admin-per-day = Per day
admin-legend-shown = shown
admin-legend-skipped = skipped
admin-legend-registered = registered
admin-chart-title = Registration campaign per day
admin-chart-description = Nudges shown, skipped and registrations for each of the last { $days } days; the table below has the numbers.
admin-report-caption = Per day (conversion: registered per nudge shown; – on days without nudges)
admin-report-day = Day
admin-report-shown = Shown
admin-report-required = Required
admin-report-skipped = Skipped
admin-report-download = Download
admin-report-scan = Scan
admin-report-test-sent = Test sent
admin-report-approved = Approved
admin-report-registered = Registered
admin-report-abandoned = Abandoned
admin-report-conversion = Conversion
admin-download-csv = Download CSV

## Users

admin-users-intro = Everyone the campaign has met, and everyone targeted that your directory lists, and where they stand: what their next sign-in would give, with their group's rule when the host's directory knows their groups.
admin-users-by-status = Show users by status
admin-users-all = All
admin-status-snoozed = Snoozed
admin-status-due = Due
admin-status-required = Required
admin-status-registered = Registered
admin-status-exempt = Exempt
admin-users-exempt-until = Exempt until
admin-exempt-heading = Exempt a user
admin-exempt-user = User ID
admin-exempt-until = Until (a date such as 2027-01-15, from 00:00 UTC)
admin-exempt-reason = Reason (up to 200 characters)
admin-exempt-button = Exempt
admin-exempt-remove = Remove exemption
# $user: a user id, $until: a time
admin-exempt-done = { $user } is exempt until { $until }: not nudged, not required.
admin-exempt-removed = { $user } is no longer exempt.
admin-exempt-unknown = Not exempted: no user { $user } is known to the directory or the campaign.
admin-exempt-bad-until = Not exempted: the end must be a date after today, at most a year ahead, such as 2027-01-15.
admin-exempt-bad-reason = Not exempted: give a reason of 1 to 200 characters.
admin-users-unavailable = The store did not answer; reload the page to try again.
# $status: all, snoozed, due, required or registered
admin-users-none = { $status ->
    [snoozed] No snoozed users yet.
    [due] No due users yet.
    [required] No required users yet.
    [registered] No registered users yet.
   *[all] No users yet.
    }
# $count: users on this page
admin-users-caption = { $status ->
    [snoozed] { $count ->
        [one] { $count } snoozed user
       *[other] { $count } snoozed users
        }
    [due] { $count ->
        [one] { $count } due user
       *[other] { $count } due users
        }
    [required] { $count ->
        [one] { $count } required user
       *[other] { $count } required users
        }
    [registered] { $count ->
        [one] { $count } registered user
       *[other] { $count } registered users
        }
   *[all] { $count ->
        [one] { $count } user
       *[other] { $count } users
        }
    }
admin-users-more = (more on the next page)
admin-users-user = User
admin-users-status = Status
admin-users-snoozed-until = Snoozed until
admin-users-registered = Registered
admin-users-next-page = Next page
admin-users-csv = { $status ->
    [snoozed] Download snoozed users as CSV
    [due] Download due users as CSV
    [required] Download required users as CSV
    [registered] Download registered users as CSV
   *[all] Download users as CSV
    }
admin-users-every-page = (every page)

## What if?

admin-what-if-intro = The real engine's decision for a user's next sign-in, with their current snooze state. Nothing is recorded.
admin-what-if-user = User (ID or sign-in name)
admin-what-if-change = Change the user's groups, methods or browser
admin-what-if-empty-fields = Empty fields use what the directory says about the user.
admin-what-if-groups = Group IDs (comma-separated)
admin-what-if-methods = Methods (comma-separated, e.g. <code>sms, softwareOath</code>)
admin-what-if-browser = Browser User-Agent (empty: a desktop browser)
admin-explain = Explain
# $reason: a sentence below
admin-why = Why: { $reason }
admin-decision-nudge = Nudged: the prompt is shown, with Skip for now
admin-decision-required = Required: the prompt is shown without a skip, and the sign-in waits for the registration
admin-decision-pass = Not nudged: the sign-in continues
admin-snoozed-so-far = Snoozed { $count ->
    [one] { $count } time
   *[other] { $count } times
    } so far.
admin-snoozed-so-far-left = Snoozed { $count ->
    [one] { $count } time
   *[other] { $count } times
    } so far; { $left ->
    [one] { $left } skip
   *[other] { $left } skips
    } left.
admin-skip-lasts-until = A skip now would last until { $when }.
admin-decided-with = Decided with policy version { $version }.
admin-what-if-who = User: { $who }.
admin-what-if-from-directory = Groups and methods from the directory: { $groups }; methods { $methods }.
admin-what-if-as-typed = Groups and methods as typed (the directory does not describe this user): { $groups }; methods { $methods }.
admin-no-groups = no groups
admin-no-answer = No answer: { $error }
admin-reason-campaignDisabled = The campaign is disabled.
admin-reason-excluded = The user, or a group they belong to, is in the exclude list (exclusion wins over inclusion).
admin-reason-notTargeted = Neither the user nor any group they belong to is in the include list.
admin-reason-notTelephonyMfa = A Microsoft managed campaign nudges only users who did MFA with a text message or a voice call.
admin-reason-authenticatorNotEnabled = Microsoft Authenticator is not enabled for this user in its method configuration.
admin-reason-passwordlessMode = Microsoft Authenticator is enabled for this user in passwordless mode only (device-based push), which the campaign does not nudge for.
admin-reason-alreadyRegistered = The user already has Microsoft Authenticator with notifications.
admin-reason-mobileDevice = The sign-in comes from a phone's browser; phones are not nudged until registration is required.
admin-reason-nonBrowserClient = The sign-in comes from an app or a script, not a browser.
admin-reason-singleSignOn = Single sign-on: there was no interactive MFA in this sign-in.
admin-reason-registeredMethodThisSession = The user registered another method in this session.
admin-reason-registrationBlockedByConditionalAccess = Conditional Access blocks registering security information for this sign-in.
admin-reason-termsOfUse = A terms-of-use screen was shown in this sign-in.
admin-reason-customControl = A Conditional Access custom control handled this sign-in.
admin-reason-clientExemptionWhileRequired = Registration is required, but phones and apps are let through (client exemptions are turned on).
admin-reason-notEnabledForPasskeys = The campaign asks for a passkey, but passkeys are not enabled for this user.
admin-reason-guestPasskey = Passkey campaigns do not nudge guests.
admin-reason-passkeyAlreadyUsableHere = The user already has a passkey that works from this browser.
# $when: when the snooze ends
admin-reason-snoozed-until = The user chose Skip for now; the snooze runs until { $when }.
admin-reason-snoozed = The user chose Skip for now and the snooze is still running.
admin-reason-exempted = An admin exempted the user: not nudged and not required until the exemption ends.
admin-reason-inScope = The user is targeted and nothing exempts this sign-in.
admin-reason-snoozeLimitReached = The user has used every snooze allowed.
admin-reason-deadlinePassed = The user's deadline has passed.
admin-reason-unknown = The engine gave a reason this page does not know yet.

## Audit log

admin-audit-empty = No changes yet.
admin-audit-newest-first = Newest first
admin-audit-when = When
admin-audit-who = Who
admin-audit-what = What
admin-audit-version = Version
admin-audit-who-startup = The host, at start-up
admin-audit-target-policy = Authentication methods policy
admin-audit-target-settings = Deadline, group rules and reminders
# $method: a method configuration's id (Fido2, MicrosoftAuthenticator, ...)
admin-audit-target-method = Method settings: { $method }
# $method: the method in words, $ip: an IP address
admin-audit-target-registration = Registered: { $method }
admin-audit-target-registration-from = Registered: { $method }, from { $ip }
# $user: a user id, $until: a time
admin-audit-target-exempted = Exempted { $user } until { $until }
admin-audit-target-exemption-removed = Exemption of { $user } removed
admin-what-if-enter-user = Enter a user's ID or sign-in name.
# $typed: what the admin typed
admin-what-if-unknown-user = No user in the directory has the sign-in name or name "{ $typed }": enter their ID.
admin-what-if-ambiguous = "{ $typed }" names { $count } users: enter the ID of the one you mean.
admin-what-if-no-methods = The directory lists no sign-in methods for this user, so they cannot do MFA: enter their methods below.
admin-what-if-undescribed = The directory does not describe this user: enter their methods (and groups) below.

## What a registration was (what-if and the user table).
admin-method-push = push notifications
admin-method-totp = authenticator app
admin-method-unknown = not recorded
admin-method-passkey = passkey
admin-reason-registered-through-campaign = The user registered through the campaign on { $when } ({ $method }).
admin-reason-directory-method = The directory lists { $method } for the user, which this campaign accepts.
admin-auth-method-microsoftAuthenticatorPush = Microsoft Authenticator with notifications
admin-auth-method-microsoftAuthenticatorPasswordless = Microsoft Authenticator passwordless sign-in
admin-auth-method-softwareOath = an authenticator app (softwareOath)
admin-auth-method-microsoftAuthenticatorOath = Microsoft Authenticator codes (microsoftAuthenticatorOath)

## What a change does to the users met so far (policy and settings saves, previews).
admin-shift-did =
    { $unrequired ->
        [0] { "" }
        [one] 1 required user can now skip again.
       *[other] { $unrequired } required users can now skip again.
    } { $required ->
        [0] { "" }
        [one] 1 more user now has to register.
       *[other] { $required } more users now have to register.
    }
admin-shift-would =
    { $unrequired ->
        [0] { "" }
        [one] Saving would let 1 required user skip again.
       *[other] Saving would let { $unrequired } required users skip again.
    } { $required ->
        [0] { "" }
        [one] Saving would make 1 more user register.
       *[other] Saving would make { $required } more users register.
    }
admin-shift-partial = (Counted over the first { $count } users the campaign has met.)

## Who is signed in (when the host says).
admin-signed-in-as = Signed in as { $name }
admin-sign-out = Sign out

## Per-user snooze actions and the user table's counts
admin-reason-snoozeExtended = An admin extended the user's snooze until { $when }: not nudged and not required before then.
admin-audit-target-snoozes-reset = Snoozes of { $user } reset
admin-audit-target-snooze-extended = Snooze of { $user } extended until { $until }
admin-audit-target-snooze-extension-removed = Snooze extension of { $user } ended
admin-reset-button = Reset snoozes
admin-reset-done = { $user } has every skip again and is nudged at the next sign-in.
admin-extend-heading = Extend a user's snooze
admin-extend-until = Until (a date such as 2027-01-15, from 00:00 UTC)
admin-extend-button = Extend snooze
admin-extend-remove = End extension
admin-extend-done = { $user } is neither nudged nor required until { $until }.
admin-extend-removed = The snooze extension of { $user } has ended.
admin-extend-bad-until = Not extended: the end must be a date after today, at most 90 days ahead, such as 2027-01-15.
admin-user-unknown = No user { $user } is known to the directory or the campaign.
admin-users-shown = Shown
admin-users-skipped = Skipped
admin-users-left = Left open
admin-users-last-shown = Last shown
admin-status-notYetShown = Not yet shown
admin-users-csv-excel = CSV for Excel
admin-users-search = Find users by name
admin-users-search-button = Search
# $total: every user the report has with this filter
admin-users-total = ({ $total } in all)
admin-methods-caption = Each method's own funnel, over the same days
admin-methods-method = Method
admin-methods-rate = Registered of those who reached its setup
admin-methods-hint = A user who switched from push to an app's code counts under both; the funnel above counts them once.
