package io.lastlight.simulate.mastodon;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lastlight.simulate.Ctx;
import io.lastlight.simulate.html.Html;
import io.lastlight.simulate.world.Comment;
import io.lastlight.simulate.world.Post;
import io.lastlight.simulate.world.User;
import io.lastlight.simulate.world.World;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

import static io.lastlight.simulate.mastodon.MastodonApi.F;
import static io.lastlight.simulate.mastodon.MastodonApi.POST_BASE;
import static io.lastlight.simulate.mastodon.MastodonApi.accountId;
import static io.lastlight.simulate.mastodon.MastodonApi.replyId;
import static io.lastlight.simulate.mastodon.MastodonApi.statusId;

/** The Mastodon JSON entities of {@link MastodonApi}: accounts, statuses (with an echo's reblog) and replies. */
final class MastodonEntities {
    private MastodonEntities() {}

    static ObjectNode account(Ctx ctx, User u) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        o.put("id", accountId(w, u.index()));
        o.put("username", u.username());
        o.put("acct", u.username());
        o.put("display_name", u.name());
        o.put("locked", false);
        o.put("bot", false);
        o.put("discoverable", true);
        o.put("group", false);
        o.put("created_at", u.joined().truncatedTo(ChronoUnit.DAYS).toString().replace("T00:00:00Z", "T00:00:00.000Z"));
        o.put("note", u.bio().isEmpty() ? "" : "<p>" + Html.linkify(u.bio(), ctx.base()) + "</p>");
        o.put("url", ctx.base() + "/profile/" + u.username());
        o.put("avatar", ctx.base() + "/media/u/" + u.id() + "/avatar.jpg");
        o.put("avatar_static", ctx.base() + "/media/u/" + u.id() + "/avatar.jpg");
        o.put("header", ctx.base() + "/media/u/" + u.id() + "/cover.png");
        o.put("header_static", ctx.base() + "/media/u/" + u.id() + "/cover.png");
        o.put("followers_count", u.followersDisplayed());
        o.put("following_count", u.following());
        o.put("statuses_count", u.posts());
        Instant last = null;
        if (u.posts() > 0) last = w.postTime(w.firstPostOf(u.index()) + u.posts() - 1);
        if (last != null) o.put("last_status_at", last.atZone(ZoneOffset.UTC).toLocalDate().toString()); else o.putNull("last_status_at");
        o.put("verified", u.verified());
        o.putArray("emojis");
        o.putArray("fields");
        if (u.bannedAt(ctx.now())) o.put("suspended", true);
        return o;
    }

    static ObjectNode status(Ctx ctx, Post p, boolean nested) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        User author = w.user(p.creator());
        String id = statusId(w, p.index());
        o.put("id", id);
        o.put("created_at", p.createdAt().truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\d\\d:\\d\\d:\\d\\d)Z$", "$1.000Z"));
        o.putNull("in_reply_to_id");
        o.putNull("in_reply_to_account_id");
        o.put("sensitive", p.sensitive());
        o.put("spoiler_text", "");
        o.put("visibility", "public");
        o.put("language", "en");
        o.put("uri", ctx.base() + "/users/" + author.username() + "/statuses/" + id);
        o.put("url", ctx.base() + "/post/" + p.id());
        o.put("replies_count", p.comments());
        o.put("reblogs_count", p.reposts());
        o.put("favourites_count", p.upvotes());
        o.put("content", p.body().isEmpty() ? "" : "<p>" + Html.linkify(p.body(), ctx.base()) + "</p>");
        if (p.parent() >= 0 && !nested) o.set("reblog", status(ctx, w.post(p.parent()), true)); else o.putNull("reblog");
        o.set("account", account(ctx, author));
        ArrayNode media = o.putArray("media_attachments");
        for (int i = 0; i < p.mediaCount(); i++) {
            ObjectNode m = media.addObject();
            String url = io.lastlight.simulate.parler.ParlerApi.mediaUrl(ctx, p, i);
            m.put("id", Long.toString(POST_BASE + p.number() * 4 + i));
            m.put("type", "image");
            m.put("url", url);
            m.put("preview_url", url);
            m.putNull("remote_url");
            m.putNull("description");
            ObjectNode meta = m.putObject("meta").putObject("original");
            meta.put("width", 32);
            meta.put("height", 32);
        }
        o.putArray("mentions");
        ArrayNode tags = o.putArray("tags");
        for (String t : p.hashtags()) {
            ObjectNode tg = tags.addObject();
            tg.put("name", t.toLowerCase(Locale.ROOT));
            tg.put("url", ctx.base() + "/tags/" + t.toLowerCase(Locale.ROOT));
        }
        o.putArray("emojis");
        if (p.link() != null) {
            ObjectNode card = o.putObject("card");
            card.put("url", p.link().longUrl());
            card.put("title", p.link().title());
            card.put("description", "");
            card.put("type", "link");
            card.put("provider_name", p.link().siteName());
            card.put("image", ctx.base() + "/media/l/" + p.link().id() + ".jpg");
        } else {
            o.putNull("card");
        }
        o.putNull("poll");
        return o;
    }

    static ObjectNode reply(Ctx ctx, Comment c) {
        World w = ctx.world();
        ObjectNode o = F.objectNode();
        User author = w.user(c.creator());
        String id = replyId(c);
        o.put("id", id);
        o.put("created_at", c.createdAt().truncatedTo(ChronoUnit.MILLIS).toString().replaceFirst("(\\d\\d:\\d\\d:\\d\\d)Z$", "$1.000Z"));
        o.put("in_reply_to_id", statusId(w, c.post()));
        o.put("in_reply_to_account_id", accountId(w, w.creatorOf(c.post())));
        o.put("sensitive", false);
        o.put("spoiler_text", "");
        o.put("visibility", "public");
        o.put("language", "en");
        o.put("uri", ctx.base() + "/users/" + author.username() + "/statuses/" + id);
        o.put("url", ctx.base() + "/post/" + w.postId(c.post()) + "#" + c.id());
        o.put("replies_count", 0);
        o.put("reblogs_count", 0);
        o.put("favourites_count", c.upvotes());
        o.put("content", "<p>" + Html.linkify(c.body(), ctx.base()) + "</p>");
        o.putNull("reblog");
        o.set("account", account(ctx, author));
        o.putArray("media_attachments");
        o.putArray("mentions");
        o.putArray("tags");
        o.putArray("emojis");
        o.putNull("card");
        o.putNull("poll");
        return o;
    }

}
