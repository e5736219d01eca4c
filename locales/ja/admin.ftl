### 管理ページ (/admin/) の日本語メッセージ。ポリシーの JSON パスを示す検証メッセージは、
### ポリシー自体のチェック (Graph API と共通) から出るため英語のままです。

## 日時

admin-when = { $when } UTC
admin-percent = { $percent }%

## ページ

admin-title = 登録キャンペーン: 管理
admin-heading = 登録キャンペーン
admin-sections = このページのセクション
admin-policy = ポリシー
admin-settings = 期限とグループ ルール
admin-funnel = ファネル
admin-users = ユーザー
admin-what-if = What If
admin-audit = 監査ログ
admin-store-unavailable = ストアを利用できません。
admin-store-unavailable-unchanged = ストアを利用できません。何も変更されていません。
admin-csrf-refused = このフォームを検証できませんでした (CSRF)。管理ページを再読み込みして、もう一度お試しください。何も変更されていません。
admin-form-expired = このフォームの有効期限が切れました。管理フォームの有効期間は 1 時間です。管理ページを再読み込みして、変更をやり直してください。何も変更されていません。
admin-fix-problems = 次の { $count } 件の問題を修正してください:

## ポリシー

admin-policy-not-saved = ポリシーは保存されませんでした。
admin-policy-not-previewed = まだプレビューできません。
admin-passkey-unattested = パスキー プロファイル「{ $profile }」は、構成証明なしでキーをモデルで制限しています。構成証明がない場合、モデルはブラウザーの申告にすぎないため、どのキーでも許可されたキーとして通過できます。制限を適用するには、構成証明を「登録時のみ」に設定してください。
admin-nothing-saved-yet = まだ何も保存されていません。
admin-state = 状態
admin-state-enabled = 有効
admin-state-disabled = 無効
admin-state-default = Microsoft による管理
admin-snooze-label = スヌーズできる日数 (0 から 14。0 = サインインのたびに案内)
admin-snooze = スヌーズできる日数
admin-snooze-invalid = 0 から 14 までの整数の日数を指定してください
admin-limited = スヌーズの回数を制限する (3 回まで。その後は登録が必須)
admin-targets-hint = 1 行に 1 つの対象: ユーザーのサインイン名 (<code>alice@contoso.com</code>)、グループまたはユーザーの名前、ID のみ (ユーザーかグループかはディレクトリが判別)、<code>group ID</code>、<code>user ID</code>、または <code>all_users</code>。[プレビュー] で各行の意味を確認できます。
admin-include = 含める
admin-exclude = 除外する
admin-exclude-label = 除外する (除外が優先)
admin-targets-list = リスト
admin-targets-line = 行
admin-targets-type = 種類
admin-targets-name = 名前
admin-targets-id = ID
admin-target-type = { $type ->
    [group] グループ
   *[user] ユーザー
    }
admin-not-in-directory = (ディレクトリにありません)
admin-all-users = すべてのユーザー
admin-targets-stored = リストの意味
admin-targets-refused = 入力したリストの意味 (未保存)
admin-targets-preview = プレビュー: [保存] で保存される内容
admin-targets-confirm = [保存] で保存される内容
admin-cancel = キャンセル
admin-preview = プレビュー
admin-save = 保存
admin-preview-notice = プレビュー: まだ何も保存されていません。下で各行の意味を確認してから、[保存] を選択してください。
admin-policy-saved = 保存しました。ポリシーのバージョンは { $version } になりました。
admin-policy-stale = その間に別のユーザーがポリシーを変更しました。現在のポリシーを表示しています。変更をやり直してください。
admin-confirm-disable = キャンペーンを無効にすると、すべての案内がすぐに止まり、登録が必要なユーザーもサインイン時に止められなくなります。
admin-confirm-disable-button = はい、キャンペーンを無効にします
admin-confirm-empty = [含める] リストが空です。対象者がいないため、誰にも案内されません。
admin-confirm-empty-button = はい、対象者なしで保存します
admin-confirm-both = キャンペーンを無効にして [含める] リストを空にすると、すべての案内がすぐに止まり、登録が必要なユーザーもサインイン時に止められなくなります。
admin-confirm-both-button = はい、対象者なしで無効にします

## 期限とグループ ルール

admin-settings-intro = Graph のスクリプトが引き続き使えるように、Graph のポリシーとは別に保存されます。期限を過ぎると、対象ユーザーは登録が必須になり、案内に [後で設定する] が表示されなくなります。グループ ルールはグループのメンバーのスヌーズを変更します。ユーザーが所属するグループの最初のルールが適用されます。
admin-settings-not-saved = 期限とグループ ルールは保存されませんでした。
admin-deadline = 期限
admin-deadline-hint = <code>2027-01-15</code> のような日付 (その日の 00:00 UTC から) または <code>2027-01-15T17:00:00Z</code> のような日時。空欄: 期限なし。
admin-deadline-passed = 適用中: { $when }、経過済み (対象ユーザーは全員登録が必須です)。
admin-deadline-today = 適用中: { $when }、本日。
admin-deadline-in-days = 適用中: { $when }、あと { $days } 日。
admin-reminders = リマインダー (期限の何日前)
admin-reminders-hint = 0 から 60 までの数値を最大 5 個 (例: <code>7, 1</code>)。まだ登録が必要なユーザーに、期限のその日数前にメッセージを送ります (0: 期限の到来時)。期限と通知の設定が必要です。空欄: リマインダーなし。
admin-reminder-plan = 最終確認 { $when }: { $ahead }。この確認で { $queued } 件のリマインダーを送信しました。
admin-reminder-ahead = { $days ->
    [0] 期限到来時
   *[other] { $days } 日前
    }: { $users } 人
admin-reminder-no-address = { $users } 人のユーザーにメール アドレスがありません。
admin-rules-hint = 空欄の項目にはポリシーの値が使われます (ルールの期限: キャンペーンの期限)。ルールを削除するには、その項目をすべて空にしてください。
admin-rule = グループ ルール { $number }
admin-rule-group = グループ (名前または ID)
admin-rule-snoozes = スヌーズできる回数
admin-rule-policys = ポリシーの値
admin-rule-unlimited = 無制限
admin-save-settings = 期限とルールを保存
admin-field-rule-group = ルール { $number }、グループ
admin-field-rule-snooze = ルール { $number }、スヌーズできる日数
admin-field-rule-snoozes = ルール { $number }、スヌーズできる回数
admin-field-rule-deadline = ルール { $number }、期限
admin-settings-saved = 保存しました。期限とグループ ルールのバージョンは { $version } になりました。
admin-settings-stale = その間に別のユーザーが期限またはグループ ルールを変更しました。現在の内容を表示しています。変更をやり直してください。

## ファネル

admin-funnel-heading = ファネル (過去 { $days } 日間)
admin-funnel-shown = 表示
admin-funnel-started = 開始
admin-funnel-scanned = スキャン
admin-funnel-tested = テスト
admin-funnel-registered = 登録
admin-funnel-rates = 表示の { $of-shown } · 前のステップの { $from-previous }
admin-funnel-hint = 開始: 案内で [次へ] を選択。スキャン: QR コードに到達。テスト: テスト通知を送信 (認証アプリのコードはテストと登録を 1 ステップで行うため、テストが登録を下回ることはありません)。登録: ホストが新しい方法を保存。
admin-per-day = 日別
admin-legend-shown = 表示
admin-legend-skipped = スキップ
admin-legend-registered = 登録
admin-chart-title = 登録キャンペーンの日別推移
admin-chart-description = 過去 { $days } 日間の各日の案内の表示数、スキップ数、登録数。数値は下の表にあります。
admin-report-caption = 日別 (コンバージョン: 表示した案内あたりの登録。案内のない日は –)
admin-report-day = 日
admin-report-shown = 表示
admin-report-required = 必須
admin-report-skipped = スキップ
admin-report-download = ダウンロード
admin-report-scan = スキャン
admin-report-test-sent = テスト送信
admin-report-approved = 承認
admin-report-registered = 登録
admin-report-abandoned = 中断
admin-report-conversion = コンバージョン
admin-download-csv = CSV をダウンロード

## ユーザー

admin-users-intro = キャンペーンが対応したすべてのユーザーと、ディレクトリに載っている対象ユーザー全員、およびその状況です。次回のサインインで適用される状態を示し、ホストのディレクトリがグループを把握している場合はグループ ルールも反映します。
admin-users-by-status = 状態別にユーザーを表示
admin-users-all = すべて
admin-status-snoozed = スヌーズ中
admin-status-due = 案内予定
admin-status-required = 必須
admin-status-registered = 登録済み
admin-status-exempt = 免除
admin-users-exempt-until = 免除期限
admin-exempt-heading = ユーザーを免除
admin-exempt-user = ユーザー ID
admin-exempt-until = 期限 (2027-01-15 のような日付、00:00 UTC から)
admin-exempt-reason = 理由 (200 文字以内)
admin-exempt-button = 免除する
admin-exempt-remove = 免除を解除
admin-exempt-done = { $user } は { $until } まで免除されます。案内も必須化もされません。
admin-exempt-removed = { $user } の免除を解除しました。
admin-exempt-unknown = 免除されませんでした: ディレクトリにもキャンペーンにもユーザー { $user } は存在しません。
admin-exempt-bad-until = 免除されませんでした: 期限は今日より後、1 年以内の日付 (例: 2027-01-15) にしてください。
admin-exempt-bad-reason = 免除されませんでした: 1 から 200 文字の理由を入力してください。
admin-users-unavailable = ストアから応答がありませんでした。ページを再読み込みして、もう一度お試しください。
admin-users-none = { $status ->
    [snoozed] スヌーズ中のユーザーはまだいません。
    [due] 案内予定のユーザーはまだいません。
    [required] 登録が必須のユーザーはまだいません。
    [registered] 登録済みのユーザーはまだいません。
   *[all] ユーザーはまだいません。
    }
admin-users-caption = { $status ->
    [snoozed] スヌーズ中のユーザー { $count } 人
    [due] 案内予定のユーザー { $count } 人
    [required] 登録が必須のユーザー { $count } 人
    [registered] 登録済みのユーザー { $count } 人
   *[all] ユーザー { $count } 人
    }
admin-users-more = (次のページに続きます)
admin-users-user = ユーザー
admin-users-status = 状態
admin-users-snoozed-until = スヌーズ期限
admin-users-registered = 登録日時
admin-users-next-page = 次のページ
admin-users-csv = { $status ->
    [snoozed] スヌーズ中のユーザーを CSV でダウンロード
    [due] 案内予定のユーザーを CSV でダウンロード
    [required] 登録が必須のユーザーを CSV でダウンロード
    [registered] 登録済みのユーザーを CSV でダウンロード
   *[all] ユーザーを CSV でダウンロード
    }
admin-users-every-page = (全ページ)

## What If

admin-what-if-intro = ユーザーの次回のサインインに対する実際のエンジンの判定です (現在のスヌーズ状態を使用)。何も記録されません。
admin-what-if-user = ユーザー (ID またはサインイン名)
admin-what-if-change = ユーザーのグループ、方法、ブラウザーを変更する
admin-what-if-empty-fields = 空欄の項目には、ディレクトリにあるユーザーの情報が使われます。
admin-what-if-groups = グループ ID (コンマ区切り)
admin-what-if-methods = 方法 (コンマ区切り。例: <code>sms, softwareOath</code>)
admin-what-if-browser = ブラウザーの User-Agent (空欄: デスクトップ ブラウザー)
admin-explain = 判定する
admin-why = 理由: { $reason }
admin-decision-nudge = 案内する: [後で設定する] 付きで案内を表示します
admin-decision-required = 必須: スキップなしで案内を表示し、サインインは登録まで待機します
admin-decision-pass = 案内しない: サインインはそのまま続行します
admin-snoozed-so-far = これまでに { $count } 回スヌーズしました。
admin-snoozed-so-far-left = これまでに { $count } 回スヌーズしました。あと { $left } 回スキップできます。
admin-skip-lasts-until = 今スキップすると、{ $when } までスヌーズされます。
admin-decided-with = ポリシーのバージョン { $version } で判定しました。
admin-what-if-who = ユーザー: { $who }。
admin-what-if-from-directory = ディレクトリのグループと方法: { $groups }、方法 { $methods }。
admin-what-if-as-typed = 入力されたグループと方法 (このユーザーはディレクトリにありません): { $groups }、方法 { $methods }。
admin-no-groups = グループなし
admin-no-answer = 判定できません: { $error }
admin-reason-campaignDisabled = キャンペーンが無効です。
admin-reason-excluded = ユーザー、または所属するグループが除外リストにあります (除外は対象より優先されます)。
admin-reason-notTargeted = ユーザーも所属するグループも [含める] リストにありません。
admin-reason-notTelephonyMfa = Microsoft による管理のキャンペーンは、SMS または音声通話で MFA を行ったユーザーだけに案内します。
admin-reason-authenticatorNotEnabled = このユーザーの方法の構成で Microsoft Authenticator が有効になっていません。
admin-reason-passwordlessMode = このユーザーの Microsoft Authenticator はパスワードレス モード (デバイス ベースのプッシュ) でのみ有効です。このモードについてはキャンペーンは案内しません。
admin-reason-alreadyRegistered = ユーザーは通知付きの Microsoft Authenticator を既に持っています。
admin-reason-mobileDevice = スマートフォンのブラウザーからのサインインです。スマートフォンには登録が必須になるまで案内しません。
admin-reason-nonBrowserClient = ブラウザーではなく、アプリまたはスクリプトからのサインインです。
admin-reason-singleSignOn = シングル サインオン: このサインインでは対話型の MFA が行われていません。
admin-reason-registeredMethodThisSession = ユーザーはこのセッションで別の方法を登録しました。
admin-reason-registrationBlockedByConditionalAccess = 条件付きアクセスにより、このサインインではセキュリティ情報の登録がブロックされています。
admin-reason-termsOfUse = このサインインで利用規約が表示されました。
admin-reason-customControl = 条件付きアクセスのカスタム コントロールがこのサインインを処理しました。
admin-reason-clientExemptionWhileRequired = 登録は必須ですが、スマートフォンとアプリは通過させています (クライアントの例外が有効)。
admin-reason-notEnabledForPasskeys = キャンペーンはパスキーを求めていますが、このユーザーにはパスキーが有効になっていません。
admin-reason-guestPasskey = パスキーのキャンペーンはゲストには案内しません。
admin-reason-passkeyAlreadyUsableHere = ユーザーは、このブラウザーで使えるパスキーを既に持っています。
admin-reason-snoozed-until = ユーザーが [後で設定する] を選択しました。スヌーズは { $when } まで続きます。
admin-reason-snoozed = ユーザーが [後で設定する] を選択し、スヌーズはまだ続いています。
admin-reason-exempted = 管理者がこのユーザーを免除しています。免除が終わるまで、案内も必須化もされません。
admin-reason-inScope = ユーザーは対象であり、このサインインを除外する条件はありません。
admin-reason-snoozeLimitReached = ユーザーは許可されたスヌーズをすべて使いました。
admin-reason-deadlinePassed = ユーザーの期限が過ぎています。
admin-reason-unknown = エンジンが、このページでまだ扱っていない理由を返しました。

## 監査ログ

admin-audit-empty = 変更はまだありません。
admin-audit-newest-first = 新しい順
admin-audit-when = 日時
admin-audit-who = 実行者
admin-audit-what = 対象
admin-audit-version = バージョン
admin-audit-who-startup = ホスト (起動時)
admin-audit-target-policy = 認証方法ポリシー
admin-audit-target-settings = 期限、グループ ルール、リマインダー
admin-audit-target-method = 方法の設定: { $method }
admin-audit-target-registration = 登録: { $method }
admin-audit-target-registration-from = 登録: { $method } ({ $ip } から)
admin-audit-target-exempted = { $user } を { $until } まで免除
admin-audit-target-exemption-removed = { $user } の免除を解除
admin-what-if-enter-user = ユーザーの ID またはサインイン名を入力してください。
admin-what-if-unknown-user = サインイン名または名前が「{ $typed }」のユーザーはディレクトリにいません。ID を入力してください。
admin-what-if-ambiguous = 「{ $typed }」に該当するユーザーが { $count } 人います。目的のユーザーの ID を入力してください。
admin-what-if-no-methods = ディレクトリにこのユーザーのサインイン方法がないため、MFA を行えません。下に方法を入力してください。
admin-what-if-undescribed = このユーザーはディレクトリにありません。下に方法 (とグループ) を入力してください。

## What a registration was (what-if and the user table).
admin-method-push = プッシュ通知
admin-method-totp = 認証アプリ
admin-method-unknown = 記録なし
admin-method-passkey = パスキー
admin-reason-registered-through-campaign = このユーザーは { $when } にキャンペーンを通じて登録しました ({ $method })。
admin-reason-directory-method = ディレクトリにはこのユーザーの { $method } が登録されており、このキャンペーンはそれを受け入れます。
admin-auth-method-microsoftAuthenticatorPush = 通知付きの Microsoft Authenticator
admin-auth-method-microsoftAuthenticatorPasswordless = Microsoft Authenticator のパスワードレス サインイン
admin-auth-method-softwareOath = 認証アプリ (softwareOath)
admin-auth-method-microsoftAuthenticatorOath = Microsoft Authenticator のコード (microsoftAuthenticatorOath)

## What a change does to the users met so far (policy and settings saves, previews).
admin-shift-did =
    { $unrequired ->
        [0] { "" }
       *[other] 登録が必要だった { $unrequired } 人のユーザーが再びスキップできるようになりました。
    } { $required ->
        [0] { "" }
       *[other] さらに { $required } 人のユーザーが登録を必要とするようになりました。
    }
admin-shift-would =
    { $unrequired ->
        [0] { "" }
       *[other] 保存すると、登録が必要な { $unrequired } 人のユーザーが再びスキップできるようになります。
    } { $required ->
        [0] { "" }
       *[other] 保存すると、さらに { $required } 人のユーザーが登録を必要とします。
    }
admin-shift-partial = (キャンペーンが対応した最初の { $count } 人のユーザーで集計しています。)

## Who is signed in (when the host says).
admin-signed-in-as = { $name } としてサインイン中
admin-sign-out = サインアウト

## Per-user snooze actions and the user table's counts
admin-reason-snoozeExtended = 管理者がこのユーザーのスヌーズを { $when } まで延長しました。それまでは案内も必須化もされません。
admin-audit-target-snoozes-reset = { $user } のスヌーズをリセット
admin-audit-target-snooze-extended = { $user } のスヌーズを { $until } まで延長
admin-audit-target-snooze-extension-removed = { $user } のスヌーズ延長を終了
admin-reset-button = スヌーズをリセット
admin-reset-done = { $user } はスキップをすべて使える状態に戻り、次回のサインインで案内されます。
admin-extend-heading = ユーザーのスヌーズを延長
admin-extend-until = 期限 (2027-01-15 のような日付、00:00 UTC から)
admin-extend-button = スヌーズを延長
admin-extend-remove = 延長を終了
admin-extend-done = { $user } は { $until } まで案内も必須化もされません。
admin-extend-removed = { $user } のスヌーズ延長を終了しました。
admin-extend-bad-until = 延長されませんでした: 終了日は今日より後で、90 日以内の日付 (2027-01-15 など) にしてください。
admin-user-unknown = ディレクトリにもキャンペーンにもユーザー { $user } は見つかりません。
admin-users-shown = 表示
admin-users-skipped = スキップ
admin-users-left = 未選択で終了
admin-users-last-shown = 最終表示
admin-status-notYetShown = 未表示
admin-users-csv-excel = Excel 用 CSV
admin-users-search = 名前でユーザーを検索
admin-users-search-button = 検索
# $total: every user the report has with this filter
admin-users-total = (全 { $total } 人)
admin-methods-caption = 方法ごとのファネル (同じ期間)
admin-methods-method = 方法
admin-methods-rate = 設定画面に到達したうち登録した割合
admin-methods-hint = プッシュからアプリのコードに切り替えたユーザーは両方に数えられます。上のファネルでは 1 回です。
