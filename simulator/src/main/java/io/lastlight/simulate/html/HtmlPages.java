package io.lastlight.simulate.html;

import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.http.Request;
import io.lastlight.simulate.http.Response;
import io.lastlight.simulate.parler.Display;
import io.lastlight.simulate.parler.ParlerApi;
import io.lastlight.simulate.world.Comment;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;

import java.time.Duration;
import java.time.Instant;

/**
 * The HTML face: {@code /} (an index of top accounts), {@code /profile/NAME[?page=N]},
 * {@code /profile/NAME/followers|following[?page=N]} and {@code /post/ID}, using Parler's web classes
 * ({@code profile--name}, {@code post--card--wrapper}, {@code card--body}, {@code post--timestamp} relative to
 * the world time, …). Pages link to each other with plain {@code <a href>} links, so a recursive wget from a
 * profile page reaches the whole reachable world.
 */
public final class HtmlPages {
    public static final int PAGE = 10;
    private static final String TYPE = "text/html; charset=utf-8";

    private HtmlPages() {}

    public static Response route(Request req, Ctx ctx) {
        String p = req.path();
        if (p.equals("/") || p.equals("/index.html")) return index(ctx);
        if (p.startsWith("/profile/")) {
            String[] s = p.substring("/profile/".length()).split("/");
            World w = ctx.world();
            int u = s.length > 0 ? w.userIndexOfName(s[0]) : -1;
            if (u < 0) return notFound("User not found");
            int page = page(req);
            if (s.length == 1) return profile(ctx, w.user(u), page);
            if (s.length == 2 && (s[1].equals("followers") || s[1].equals("following"))) return follows(ctx, w.user(u), s[1].equals("followers"), page);
            return notFound("Page not found");
        }
        if (p.startsWith("/post/")) {
            World w = ctx.world();
            long post = w.postIndexOfId(p.substring("/post/".length()));
            if (post < 0 || !w.listed(post, ctx.now())) return notFound("Post not found");
            return postPage(ctx, w.post(post));
        }
        return null;
    }

    private static int page(Request req) {
        try {
            return Math.max(1, Integer.parseInt(req.param("page") == null ? "1" : req.param("page")));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static Response notFound(String what) {
        return Response.text(404, TYPE, head(what) + "<h1 class=\"error\">" + Html.escape(what) + "</h1></body></html>");
    }

    private static String head(String title) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                + " | Parler</title></head><body>";
    }

    /** "just now", "5 minutes ago", "3 hours ago", "2 days ago", "4 months ago", "1 year ago". */
    public static String relative(Instant then, Instant now) {
        long s = Math.max(0, Duration.between(then, now).getSeconds());
        if (s < 60) return "just now";
        if (s < 3600) return plural(s / 60, "minute");
        if (s < 86400) return plural(s / 3600, "hour");
        if (s < 86400L * 30) return plural(s / 86400, "day");
        if (s < 86400L * 365) return plural(s / (86400L * 30), "month");
        return plural(s / (86400L * 365), "year");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s") + " ago";
    }

    private static Response index(Ctx ctx) {
        World w = ctx.world();
        StringBuilder sb = new StringBuilder(head("Parler (simulated)"));
        sb.append("<h1>Parler (simulated, seed ").append(w.seed()).append(")</h1><ul class=\"top-accounts\">");
        for (int r = 0; r < Math.min(20, w.socialUsers()); r++) {
            String name = w.username(w.indexOfRank(r));
            sb.append("<li><a href=\"/profile/").append(name).append("\">@").append(name).append("</a></li>");
        }
        sb.append("</ul></body></html>");
        return Response.text(200, TYPE, sb.toString());
    }

    private static void authorBlock(StringBuilder sb, User u) {
        sb.append("<div class=\"author\"><a class=\"author--link\" href=\"/profile/").append(u.username()).append("\">")
                .append("<img class=\"author--photo\" src=\"/media/u/").append(u.id()).append("/avatar.jpg\" alt=\"\">")
                .append("<span class=\"author--name\">").append(Html.escape(u.name())).append("</span> ")
                .append("<span class=\"author--username\">@").append(u.username()).append("</span></a></div>");
    }

    private static void card(StringBuilder sb, Ctx ctx, Post p, boolean nested) {
        World w = ctx.world();
        User a = w.user(p.creator());
        sb.append("<div class=\"post--card--wrapper").append(nested ? " post--card--echoed" : "").append("\" data-id=\"").append(p.id()).append("\">");
        authorBlock(sb, a);
        sb.append("<a class=\"post--link\" href=\"/post/").append(p.id()).append("\"><span class=\"post--timestamp\">")
                .append(relative(p.createdAt(), ctx.now())).append("</span></a>");
        sb.append("<div class=\"card--body\">");
        if (!p.body().isEmpty()) sb.append("<p>").append(Html.escape(p.body())).append("</p>");
        for (int i = 0; i < p.mediaCount(); i++) {
            String url = ParlerApi.mediaUrl(new Ctx(w, ctx.now(), ""), p, i);
            sb.append("<img class=\"card--media\" src=\"").append(url).append("\" alt=\"\">");
        }
        if (p.link() != null) {
            sb.append("<a class=\"card--link\" href=\"").append(Html.escape(p.link().longUrl())).append("\">")
                    .append(Html.escape(p.link().title())).append("</a>");
        }
        sb.append("</div>");
        if (p.parent() >= 0 && !nested) {
            Post parent = w.post(p.parent());
            if (w.listed(parent.index(), ctx.now())) card(sb, ctx, parent, true);
            else sb.append("<div class=\"post--card--wrapper post--card--echoed post--deleted\">This post was deleted</div>");
        }
        sb.append("<div class=\"post--actions\">")
                .append("<span class=\"pa--item pa--comments\"><span class=\"pa--item--count\">").append(Display.count(p.comments())).append("</span> comments</span>")
                .append("<span class=\"pa--item pa--echoes\"><span class=\"pa--item--count\">").append(Display.count(p.reposts())).append("</span> echoes</span>")
                .append("<span class=\"pa--item pa--upvotes\"><span class=\"pa--item--count\">").append(Display.count(p.upvotes())).append("</span> upvotes</span>")
                .append("<span class=\"impressions\"><span class=\"impressions--count\">").append(Display.count(p.impressions())).append("</span> impressions</span>")
                .append("</div></div>");
    }

    private static Response profile(Ctx ctx, User u, int page) {
        World w = ctx.world();
        StringBuilder sb = new StringBuilder(head(u.name() + " (@" + u.username() + ")"));
        sb.append("<div class=\"profile\" data-id=\"").append(u.id()).append("\">")
                .append("<img class=\"profile-cover-image\" src=\"/media/u/").append(u.id()).append("/cover.png\" alt=\"\">")
                .append("<img class=\"profile-photo-image\" src=\"/media/u/").append(u.id()).append("/avatar.jpg\" alt=\"\">")
                .append("<h1 class=\"profile--name\">").append(Html.escape(u.name())).append("</h1>")
                .append("<span class=\"profile--username\">@").append(u.username()).append("</span>");
        if (u.verified()) sb.append("<span class=\"profile--verified\">Verified</span>");
        sb.append("<p class=\"profile--bio\">").append(Html.escape(u.bio())).append("</p>")
                .append("<span class=\"profile--joined\">Joined ").append(u.joined().toString(), 0, 7).append("</span>")
                .append("<ul class=\"profile--stats\">")
                .append("<li><a href=\"/profile/").append(u.username()).append("/followers\"><span class=\"pa--item--count\">")
                .append(Display.count(u.followersDisplayed())).append("</span> Followers</a></li>")
                .append("<li><a href=\"/profile/").append(u.username()).append("/following\"><span class=\"pa--item--count\">")
                .append(Display.count(u.following())).append("</span> Following</a></li>")
                .append("<li><span class=\"pa--item--count\">").append(Display.count(u.posts())).append("</span> Posts</li>")
                .append("</ul></div>");
        if (u.bannedAt(ctx.now())) {
            sb.append("<div class=\"profile--banned\">This account has been banned.</div></body></html>");
            return Response.text(200, TYPE, sb.toString());
        }
        sb.append("<div class=\"profile--posts\">");
        long first = w.firstPostOf(u.index()), n = w.postsOf(u.index());
        // page N holds the (N-1)*10 .. N*10-1 newest listed posts
        long skip = (long) (page - 1) * PAGE;
        int shown = 0;
        boolean more = false;
        for (long p = first + n - 1; p >= first; p--) {
            if (!w.listed(p, ctx.now())) continue;
            if (skip > 0) {
                skip--;
                continue;
            }
            if (shown == PAGE) {
                more = true;
                break;
            }
            card(sb, ctx, w.post(p), false);
            shown++;
        }
        sb.append("</div><div class=\"pager\">");
        if (page > 1) sb.append("<a class=\"pager--newer\" href=\"/profile/").append(u.username()).append("?page=").append(page - 1).append("\">Newer posts</a> ");
        if (more) sb.append("<a class=\"pager--older\" href=\"/profile/").append(u.username()).append("?page=").append(page + 1).append("\">Older posts</a>");
        sb.append("</div></body></html>");
        return Response.text(200, TYPE, sb.toString());
    }

    private static Response follows(Ctx ctx, User u, boolean followers, int page) {
        World w = ctx.world();
        int per = 20;
        long offset = (long) (page - 1) * per;
        int[] items;
        long total;
        if (u.bannedAt(ctx.now())) {
            items = new int[0];
            total = 0;
        } else if (followers) {
            total = w.followersCount(u.index());
            items = w.followers(u.index(), offset, per);
        } else {
            int[] all = w.following(u.index());
            total = all.length;
            int from = (int) Math.min(offset, all.length);
            items = java.util.Arrays.copyOfRange(all, from, Math.min(all.length, from + per));
        }
        String what = followers ? "followers" : "following";
        StringBuilder sb = new StringBuilder(head("@" + u.username() + " " + what));
        sb.append("<h1><a href=\"/profile/").append(u.username()).append("\">@").append(u.username()).append("</a> ").append(what).append("</h1>");
        sb.append("<ul class=\"follow--list\">");
        for (int i : items) {
            User f = w.user(i);
            sb.append("<li class=\"follow--item\">");
            authorBlock(sb, f);
            sb.append("</li>");
        }
        sb.append("</ul><div class=\"pager\">");
        if (page > 1) sb.append("<a href=\"/profile/").append(u.username()).append('/').append(what).append("?page=").append(page - 1).append("\">Previous</a> ");
        if (offset + items.length < total) sb.append("<a href=\"/profile/").append(u.username()).append('/').append(what).append("?page=").append(page + 1).append("\">Next</a>");
        sb.append("</div></body></html>");
        return Response.text(200, TYPE, sb.toString());
    }

    private static Response postPage(Ctx ctx, Post p) {
        World w = ctx.world();
        User a = w.user(p.creator());
        StringBuilder sb = new StringBuilder(head(a.name() + " on Parler"));
        card(sb, ctx, p, false);
        sb.append("<div class=\"comments\">");
        long first = w.firstCommentOn(p.index()), n = Math.min(w.commentsOnCount(p.index()), 100);
        for (long i = 0; i < n; i++) {
            Comment c = w.comment(first + i);
            User cu = w.user(c.creator());
            sb.append("<div class=\"comment--card--wrapper\" data-id=\"").append(c.id()).append("\">");
            authorBlock(sb, cu);
            sb.append("<span class=\"post--timestamp\">").append(relative(c.createdAt(), ctx.now())).append("</span>")
                    .append("<div class=\"card--body\"><p>").append(Html.escape(c.body())).append("</p></div></div>");
        }
        sb.append("</div></body></html>");
        return Response.text(200, TYPE, sb.toString());
    }

    /** A Cloudflare-style interstitial ("Just a moment...") for the challenge fault. */
    public static String challenge(String path) {
        return "<!DOCTYPE html><html lang=\"en-US\"><head><title>Just a moment...</title>"
                + "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=UTF-8\"></head><body>"
                + "<div class=\"main-wrapper\" role=\"main\"><div class=\"main-content\">"
                + "<h1>Checking if the site connection is secure</h1><noscript>Enable JavaScript and cookies to continue</noscript>"
                + "</div></div><script src=\"/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=sim\"></script>"
                + "</body></html>";
    }
}
