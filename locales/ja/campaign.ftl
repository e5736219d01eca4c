### セットアップ画面の日本語メッセージ。です・ます調。Microsoft Entra で利用者が目にする
### 用語（「次へ」「後で設定する」「戻る」）に合わせています。

## 日付と時刻

time-utc = { $time } UTC
time-utc-offset = { $time } UTC{ $offset }
date-at-time = { $date } { $time }

## すべてのページ

step-of = ステップ { $number }/{ $total }
next = 次へ
back = 戻る
done = 完了
try-again = 再試行
skip-for-now = 後で設定する
continue-to-app = アプリに進む
sign-out = サインアウト
organization-default = 組織
footer-asks-method = { $organization } は、アカウントを保護するために { $method } の設定をお願いしています。
footer-asks = { $organization } は、アカウントの保護をお願いしています。
method-a-passkey = パスキー
method-an-authenticator-app = 認証アプリ
script-copy = コピー
script-copied = コピーしました
script-copy-by-hand = 選択しました: Ctrl+C または ⌘C でコピーしてください
script-approved = 承認されました
script-denied = 拒否されました
script-expired = 期限切れです

## 案内

prompt-heading = アカウントのセキュリティを保護する
prompt-signed-in-as = サインイン中のアカウント
prompt-before-you-continue = 続行する前に
prompt-app-intro = { $organization } では、追加のセキュリティ情報が必要です。画面の指示に従って { $app } アプリをダウンロードし、設定してください。
prompt-app-intro-any = { $organization } では、追加のセキュリティ情報が必要です。画面の指示に従って認証アプリをダウンロードし、設定してください。
prompt-passkey-intro = { $organization } は、パスキーの作成をお願いしています。パスキーを使うと、顔認証、指紋認証、または画面ロックでサインインできます。入力するものはなく、偽のウェブサイトに盗まれるものもありません。
prompt-deadline-passed-app = { $app } の設定期限は { $when } でした。続行するには、今すぐ設定してください。
prompt-deadline-passed-any-app = 認証アプリの設定期限は { $when } でした。続行するには、今すぐ設定してください。
prompt-deadline-passed-passkey = パスキーの作成期限は { $when } でした。続行するには、今すぐ作成してください。
prompt-max-skips-app = この手順は、スキップできる上限の回数に達しました。続行するには、今すぐ { $app } を設定してください。
prompt-max-skips-any-app = この手順は、スキップできる上限の回数に達しました。続行するには、今すぐ認証アプリを設定してください。
prompt-max-skips-passkey = この手順は、スキップできる上限の回数に達しました。続行するには、今すぐパスキーを作成してください。
prompt-skips-left = この手順は、あと { $skips } 回スキップできます。
prompt-due-or-skips = <strong>{ $required }</strong>。期限より前でも、あと { $skips } 回スキップすると設定が必須になります。
prompt-due = <strong>{ $required }</strong>。
required-today = 本日が期限です
required-today-by = 本日 { $time } が期限です
required-in-days = 期限まであと { $days } 日（{ $when }）
remind-next-sign-in = スキップした場合は、次回のサインイン時にもう一度お知らせします。
remind-in-days = スキップした場合は、{ $days } 日後にもう一度お知らせします。
remind-at-deadline = スキップした場合は、設定が必須になる { $when } 以降の最初のサインイン時にもう一度お知らせします。

## ステップ 1: アプリ

download-heading = まずアプリを入手してください
download-install = スマートフォンに { $app } アプリをインストールしてください。
download-install-any = まだお持ちでない場合は、スマートフォンに認証アプリをインストールしてください。6 桁のコードを表示するアプリであれば使用できます。
download-app-store = App Store からダウンロード
download-google-play = Google Play で手に入れよう
download-then-next = デバイスにアプリをインストールしたら、[次へ] を選択してください。

## ステップ 2: アカウントの追加

setup-heading = アカウントのセットアップ
setup-push-notifications = メッセージが表示されたら、通知を許可してください。
setup-push-add-account = アプリを開いてアカウントを追加し、[職場または学校アカウント] を選択してください。
setup-push-scan = [QR コードをスキャンします] を選択してください。
setup-code-add-account = アプリを開いてアカウントを追加してください。Microsoft Authenticator では [その他のアカウント (Google、Facebook など)] を選択し、ほかの認証アプリではアカウントまたはコードの追加を選択してください。
setup-code-add-account-any = アプリを開き、アカウントまたはコードの追加を選択してください。
setup-code-scan = [QR コードをスキャンします] を選択してください。次のページに QR コードと、スキャンできない場合に入力するキーが表示されます。

## ステップ 3: QR コード

scan-heading = QR コードをスキャンします
scan-push-intro = { $app } アプリで QR コードをスキャンしてください。これでアプリがアカウントに接続されます。
scan-push-caption = アプリを接続するための QR コード
scan-cant-scan = 画像をスキャンできない場合
scan-enter-code-and-url = アプリでコードを入力する方法を選択し、次のコードと URL を入力してください:
scan-code = コード
scan-url = URL
scan-copy-code = コードをコピー
scan-copy-url = URL をコピー
scan-or-enter-link = または、アプリに次のリンクを入力してください:
scan-enter-link = アプリに次のリンクを入力してください:
copy-setup-link = セットアップ用のリンクをコピー
scan-connected = 接続しました: { $device }
scan-fingerprint = キーのフィンガープリント:
scan-check-fingerprint = スマートフォンに同じフィンガープリントが表示されていることを確認してから、[次へ] を選択してテスト通知を受け取ってください。
scan-waiting = スマートフォンからの応答を待っています…
scan-scanned = スキャンしました
scan-qr-works-for = この QR コードの有効期間は残り { $countdown } です。
scan-not-scanned = スマートフォンからまだ応答がありません。先にアプリで QR コードをスキャンしてから、[次へ] を選択してください。
alternative-other-app = 別の認証アプリを使用する
alternative-push = 代わりにスマートフォンの通知を使用する
alternative-app = 代わりに認証アプリを使用する

## ステップ 3: コードで設定する場合 (TOTP)

code-intro = 認証アプリで QR コードをスキャンするか、キーを手動で入力してください。
code-caption = 認証アプリ用の QR コード
code-open-here = スマートフォンをお使いですか? このデバイスでアプリを開く
code-account-name = アカウント名
code-issuer = 発行者
code-secret-key = 秘密鍵
code-copy-secret = 秘密鍵をコピー
code-show-link = セットアップ用のリンクを表示
code-label = アプリに表示された 6 桁のコードを入力してください
code-attempts-left = 残り { $attempts } 回入力できます。
code-missing = アプリに表示された 6 桁のコードを入力してください。
code-used = このコードは既に使用されています。アプリに次のコードが表示されるまでお待ちください。
code-wrong = コードが正しくありません。アプリのコードを確認して、もう一度お試しください。
code-too-many = コードの誤りが多すぎるため、新しい QR コードを作成しました。アプリから古いアカウントを削除し、この QR コードをスキャンしてください。
code-changed = その間に状況が変わりました。もう一度コードを入力してください。
code-your-app = 認証アプリ

## ステップ 4: テスト通知

test-heading = 試してみましょう
test-approve = { $device } に送信する通知に、下に表示されている番号を入力して承認してください。
test-number = 入力する番号:
test-still-waiting = { $device } での承認をまだ待っています。上の番号をアプリに入力してから、[次へ] を選択してください。
test-waiting = 承認を待っています…
test-expires-in = 通知の有効期間は残り { $countdown } です。
test-device-approved = { $device } で通知が承認されました。
test-approved = 承認されました。
test-sent = { $device } にテスト通知を送信しました。
test-denied = { $device } で通知が拒否されました。[次へ] を選択すると、新しい通知を送信します。
test-wrong-number = { $device } で入力された番号がここに表示されている番号と一致しなかったため、通知は拒否されました。[次へ] を選択すると、新しい通知を送信します。
test-expired = { $device } から時間内に通知への応答がありませんでした。[次へ] を選択すると、新しい通知を送信します。
approved-heading = 通知が承認されました
approved-connected = { $device } が接続されました。
approved-your-phone = お使いのスマートフォン
done-heading = 完了しました
done-text = セキュリティ情報が正常に設定されました。今後は { $method } が既定のサインイン方法になります。
done-text-neutral = セキュリティ情報が正常に設定されました。次回のサインインから使用できます。
saving-heading = 新しいサインイン方法を保存できませんでした
saving-text = アプリの設定は完了していますが、アカウントに保存できませんでした。設定は失われていません。しばらくしてからもう一度お試しください。

## パスキー

passkey-heading = パスキーを作成する
passkey-intro = パスキーを使うと、コードの代わりに顔認証、指紋認証、または画面ロックでサインインできます。保存先 (このデバイス、スマートフォン、パスワード マネージャー、またはセキュリティ キー) はブラウザーが確認します。
passkey-no-script = パスキーを作成するには JavaScript が必要ですが、このブラウザーでは無効になっています。JavaScript を有効にして、このページを再読み込みしてください。
passkey-no-script-or-app = パスキーを作成するには JavaScript が必要ですが、このブラウザーでは無効になっています。JavaScript を有効にしてこのページを再読み込みするか、代わりに認証アプリを使用してください。
passkey-unsupported = このブラウザーでは、ここでパスキーを作成できません。スマートフォンやセキュリティ キーで作成するか、今回はスキップしてください。
passkey-unsupported-or-app = このブラウザーでは、ここでパスキーを作成できません。代わりに認証アプリを使用するか、スマートフォンやセキュリティ キーでパスキーを作成してください。
passkey-create = パスキーを作成する
passkey-script-cancelled = パスキーは作成されませんでした。もう一度試すか、別の方法を選択してください。
passkey-script-exists = このデバイスには、既にこのアカウントのパスキーがあります。それを使ってサインインするか、別のデバイスでお試しください。
passkey-script-security = このページではパスキーを作成できません。通常のアドレスでサインイン ページを開き、もう一度お試しください。
passkey-script-failed = 問題が発生したため、パスキーは作成されませんでした。もう一度お試しください。
passkey-script-busy = ブラウザーに表示される手順に従ってください…
passkey-already-created = このセットアップでは、既にパスキーが作成されています。
passkey-changed = その間にパスキーのセットアップが変更されました。ページを再読み込みしてください。
passkey-already-saved = このパスキーは既に保存されています。
passkey-choose-create = [パスキーを作成する] を選択し、ブラウザーに表示される手順に従ってください。
passkey-unreadable = ブラウザーから読み取れない応答が送信されたため、パスキーは保存されませんでした。もう一度お試しください。
passkey-wrong-site = このパスキーは別のウェブサイト用に作成されたため、保存されませんでした。
passkey-wrong-request = この応答は別のパスキー要求のものであるため、保存されませんでした。もう一度お試しください。
passkey-not-verified = デバイスで本人確認 (顔認証、指紋認証、PIN、または画面ロック) が行われなかったため、パスキーは保存されませんでした。もう一度試して、本人確認を完了してください。
passkey-already-yours = このパスキーは既にアカウントに設定されているため、再度保存されませんでした。
passkey-taken = このパスキーはお使いのアカウントでは使用できないため、保存されませんでした。代わりに新しいパスキーを作成してください。
passkey-not-verifiable = ブラウザーからの応答を検証できなかったため、パスキーは保存されませんでした。もう一度お試しください。
passkey-request-used = このパスキー要求は既に使用されています。前の画面に戻り、もう一度 [パスキーを作成する] を選択してください。
passkey-too-slow = 時間がかかりすぎたため、パスキーは保存されませんでした。[パスキーを作成する] を選択して、もう一度お試しください。
passkey-rule-no-profile = 組織のポリシーにより、ここではパスキーを作成できません。
passkey-rule-synced = 組織で許可されているのは、セキュリティ キーなど 1 台のデバイスにとどまるパスキーのみです。このパスキーはデバイス間で同期されるため、保存されませんでした。
passkey-rule-device-bound = 組織で許可されているのは、パスワード マネージャーに保存するパスキーなど、デバイス間で同期されるパスキーのみです。このパスキーは 1 台のデバイスにとどまるため、保存されませんでした。
passkey-rule-attestation = 組織で許可されているのは、検証可能なデバイス モデルのパスキーのみです。このパスキーは検証できなかったため、保存されませんでした。組織から提供されたセキュリティ キーをお試しください。
passkey-rule-provider = 組織では { $provider } のパスキーが許可されていないため、このパスキーは保存されませんでした。別の場所に保存してください。
passkey-rule-provider-unknown = 組織ではこのプロバイダーのパスキーが許可されていないため、このパスキーは保存されませんでした。別の場所に保存してください。
name-heading = パスキーに名前を付ける
name-intro = パスキーが作成されました。保存先のデバイスやアプリの名前など、見分けやすい名前を付けてください。
name-label = パスキーの名前
name-default = パスキー
name-empty = 後でほかのパスキーと区別できるように、名前を付けてください。
name-too-long = 名前を短くしてください ({ $max } 文字以内)。
name-characters = 文字、数字、スペース、句読点のみを使用してください。
passkey-done-heading = パスキーが作成されました
passkey-done-text = パスキー <strong>{ $name }</strong> が保存されました。次回からは、コードの代わりにこのパスキーでサインインできます。
passkey-done-text-unnamed = パスキーが保存されました。次回からは、コードの代わりにこのパスキーでサインインできます。

## セットアップ外のページと問題

expired-title = セットアップのセッションの有効期限が切れました
expired-heading = セットアップのセッションの有効期限が切れました。
expired-text = 何も変更されていません。アプリは次回のサインイン時に設定できます。
problem-failed = 操作を完了できませんでした
problem-step-unavailable = このセットアップ手順は現在実行できません。アプリに進んでください。アプリは次回のサインイン時に設定できます。
problem-required = セットアップが必要です
problem-required-deadline = このセットアップの期限が過ぎているため、スキップできません。
problem-required-skips = この手順はスキップできる上限の回数に達したため、スキップできません。
required-sign-in-again = 続行するには、アカウントにサインイン方法を設定する必要があります。サインアウトしてから再度サインインして設定してください。
problem-elsewhere = セットアップは別の場所で続いています
problem-elsewhere-text = 別のウィンドウまたはブラウザーでもう一度サインインしたため、セットアップはそちらで続いています。ここでは何も変更されていません。
problem-skipped = セットアップを後で行うことにしました
problem-skipped-text = スキップしたことが記録されました。ここで行う操作はありません。アプリに進んでください。
problem-all-set = 設定は完了しています
problem-all-set-text = 新しいサインイン方法の設定が完了しました。アプリに進んでください。
problem-other-tab = セットアップは別のタブで続いています
problem-other-tab-text = 別のタブでもう一度サインインしたため、セットアップはそちらで続いています。何も変更されていません。このタブを閉じるか、新しいセットアップを続けてください。
problem-csrf = この要求を確認できませんでした
problem-csrf-text = セキュリティ保護のため、このセットアップのセッションは停止され、何も変更されていません。アプリに進んでください。アプリは次回のサインイン時に設定できます。
problem-slow-down = しばらくお待ちください
problem-slow-down-text = このセットアップに対する要求が多すぎます。1 分待ってから、このページを再読み込みしてください。
problem-store = セットアップを続行できませんでした
problem-store-text = こちらで問題が発生しました。しばらくしてからもう一度お試しください。
problem-flow-setups = このセットアップの開始回数が多すぎます。アプリに進んでください。アプリは次回のサインイン時に設定できます。
problem-user-setups = 過去 1 時間にこのアカウントで開始されたセットアップが多すぎます。後でもう一度お試しください。
problem-not-found = ページが見つかりません
problem-not-found-text = このページは存在しません。
problem-method-text = このページはその方法では使用できません。
problem-held = サインインを完了できませんでした
problem-held-text = お使いのアカウントには認証アプリの設定が必要ですが、現在それを確認できません。数分後にもう一度サインインしてください。

## メール: 登録後の通知と、期限前のリマインダー

mail-greeting = { $name } 様
mail-automatic = このメッセージは { $organization } から自動送信されました。
mail-unknown = 不明
mail-binding-subject = アカウントにサインイン方法が追加されました
mail-binding-intro = { $organization } のアカウントに新しいサインイン方法が追加されました。
mail-method-push = 通知を使う認証アプリ
mail-method-totp = 認証アプリ (コード)
mail-method-passkey = パスキー
mail-method-other = その他のサインイン方法 ({ $method })
mail-binding-method = 方法: { $method }
mail-binding-device = 名前: { $device }
mail-binding-when = 日時: { $when }
mail-binding-from = 接続元: { $browser }、IP アドレス { $ip }
mail-binding-was-you = ご自身で追加した場合は、何もする必要はありません。
mail-binding-not-you = 心当たりがない場合は、第三者があなたとしてサインインできる可能性があります。今すぐ { $support } に連絡してください。
mail-binding-not-you-organization = 心当たりがない場合は、第三者があなたとしてサインインできる可能性があります。今すぐ { $organization } に連絡してください。
mail-binding-not-you-link = こちらから報告してください: { $link }
mail-reminder-subject = { $date } までにサインイン方法を設定してください
mail-reminder-subject-now = サインイン方法の設定が必須になりました
mail-reminder-intro = アカウントを保護するため、{ $organization } は { $method } の設定をお願いしています。
mail-reminder-by = { $when } までに設定してください (あと { $days } 日)。それまではサインイン時にスキップできますが、期限後はスキップできません。
mail-reminder-now-required = 期限が過ぎました。次回のサインイン時に設定が必要です。
mail-reminder-how = 数分で完了します。いつもどおりサインインし、表示される手順に従ってください。
mail-reminder-link = サインイン: { $link }

## The test when the phone shows several numbers (privacyIDEA Authenticator)
# $device: the app's name
test-approve-choice = スマートフォンで { $device } を開くと、いくつかの数字が表示されます。下に表示されている数字をタップしてください。
test-number-choice = タップする数字:
# $device: the app's name
test-still-waiting-choice = まだ承認を待っています。{ $device } を開き (または下に引いて更新し)、上の数字をタップしてから [次へ] を選択してください。
