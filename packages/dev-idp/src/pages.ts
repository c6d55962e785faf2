import { ROLE_LABELS, type Person } from './people';

/** Escapes text for HTML content and attribute values. */
export function html(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/*
 * The provider's pages: Chinese first with English beside it, no script, no external font or style, a
 * visible focus ring, contrast above WCAG AA, and a layout that works at a phone's width.
 */
const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif;background:#f5f5f5;color:#1f1f1f;line-height:1.5}
main{max-width:28rem;margin:2rem auto;padding:1.5rem;background:#fff;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.5rem;margin:.5rem 0 0}
.en{color:#4a4a4a;font-size:.875rem}
.env{display:inline-block;margin:0;padding:.125rem .5rem;border:1px solid #ad4e00;border-radius:4px;background:#fff7e6;color:#873800;font-weight:600}
fieldset{border:0;margin:1rem 0 0;padding:0}
legend{font-weight:600;margin-bottom:.5rem}
ul{list-style:none;margin:0;padding:0;display:grid;gap:.5rem}
button{font:inherit;cursor:pointer}
.person{width:100%;text-align:left;padding:.75rem 1rem;border:1px solid #8c8c8c;border-radius:6px;background:#fff;color:#1f1f1f;display:flex;flex-wrap:wrap;gap:.25rem .75rem;align-items:baseline}
.person:hover{border-color:#0958d9;background:#f0f5ff}
.person .name{font-size:1.125rem;font-weight:600}
.person .role{color:#4a4a4a}
.primary{padding:.5rem 1.25rem;border:0;border-radius:6px;background:#0958d9;color:#fff;font-weight:600}
.link{border:0;background:none;padding:.5rem 0;color:#0958d9;text-decoration:underline}
button:focus-visible,input:focus-visible,a:focus-visible{outline:3px solid #0958d9;outline-offset:2px}
label{display:block;font-weight:600;margin-top:1rem}
input{font:inherit;width:100%;padding:.5rem;margin-top:.25rem;border:1px solid #8c8c8c;border-radius:6px}
.error{margin:1rem 0 0;padding:.5rem .75rem;border:1px solid #cf1322;border-radius:6px;background:#fff1f0;color:#a8071a}
.actions{display:flex;gap:1rem;align-items:center;margin-top:1rem}
`;

function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${html(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<p class="env" role="note">开发环境 <span lang="en">Development only</span></p>
${body}
</main>
</body>
</html>`;
}

/** The sign-in page: the development people, one button each; a password field when one is configured. */
export function loginPage({
  uid,
  people,
  passwordRequired,
  error,
}: {
  uid: string;
  people: readonly Person[];
  passwordRequired: boolean;
  error?: string;
}): string {
  const buttons = people
    .map((p) => {
      const role = ROLE_LABELS[p.role];
      const team = p.team ? ` · ${html(p.team)}` : '';
      return `<li><button class="person" type="submit" name="sub" value="${html(p.sub)}"><span class="name">${html(p.name)}</span><span class="role">${role.zh} <span lang="en">${role.en}</span>${team}</span></button></li>`;
    })
    .join('\n');
  const password = passwordRequired
    ? `<label for="password">开发环境密码 <span class="en" lang="en">Development password</span></label>
<input id="password" name="password" type="password" autocomplete="current-password" required${error ? ' aria-describedby="error" aria-invalid="true"' : ''}>`
    : '';
  const intro = passwordRequired
    ? '输入开发环境密码，然后选择以谁的身份登录。<span class="en" lang="en">Enter the development password, then pick who to sign in as.</span>'
    : '选择一位开发人员登录，无需密码。<span class="en" lang="en">Pick a development person to sign in as; no password needed.</span>';
  return page(
    '登录 SalesTrail（开发环境）',
    `<h1>登录 SalesTrail</h1>
<p class="en" lang="en">Sign in to SalesTrail</p>
<p>${intro}</p>
${error ? `<p class="error" id="error" role="alert">${html(error)}</p>` : ''}
<form method="post" action="/interaction/${html(uid)}/login">
${password}
<fieldset>
<legend>以谁的身份登录 <span class="en" lang="en">Sign in as</span></legend>
<ul>
${buttons}
</ul>
</fieldset>
</form>
<form method="post" action="/interaction/${html(uid)}/abort">
<button class="link" type="submit">取消登录 <span lang="en">Cancel</span></button>
</form>`,
  );
}

/** The provider's sign-out confirmation; `form` is the provider's own form (with its XSRF token). */
export function logoutPage(form: string): string {
  return page(
    '退出登录（开发环境）',
    `<h1>退出 SalesTrail？</h1>
<p class="en" lang="en">Sign out of SalesTrail?</p>
${form}
<div class="actions">
<button class="primary" autofocus type="submit" form="op.logoutForm" value="yes" name="logout">退出登录 <span lang="en">Sign out</span></button>
<button class="link" type="submit" form="op.logoutForm">保持登录 <span lang="en">Stay signed in</span></button>
</div>`,
  );
}

export function logoutDonePage(): string {
  return page('已退出（开发环境）', `<h1>已退出登录</h1>\n<p class="en" lang="en">You are signed out.</p>`);
}

/** An error the provider answers with a page (a bad authorization request, an expired sign-in). */
export function errorPage(out: Record<string, unknown>): string {
  const details = Object.entries(out)
    .map(([key, value]) => `<dt>${html(key)}</dt><dd>${html(String(value))}</dd>`)
    .join('\n');
  return page(
    '登录出错（开发环境）',
    `<h1>登录出错</h1>
<p>请返回应用重新登录。<span class="en" lang="en">Something went wrong while signing in. Go back to the app and sign in again.</span></p>
<dl>
${details}
</dl>`,
  );
}
