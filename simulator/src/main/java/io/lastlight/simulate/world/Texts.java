package io.lastlight.simulate.world;

/**
 * Post and comment text from templates. Three families: ordinary posts, posts that incite or threaten
 * violence (the positive class), and hard negatives (news about violence, quotes condemning it, negations,
 * idioms, sports and games) that a naive keyword classifier gets wrong.
 */
public final class Texts {
    private Texts() {}

    public enum Kind { ORDINARY, VIOLENT, HARD_NEGATIVE }

    static final String[] ORDINARY = {
            "Good morning patriots! Coffee and prayers for our country today.",
            "Just watched the hearing in {place}. Unbelievable what they are getting away with.",
            "Does anyone else have trouble uploading videos here? Asking for a friend.",
            "New here, followed everyone from the old site. Glad to be free.",
            "The media will never report this. Share before it disappears.",
            "Grilling tonight with the family. {place} weather is perfect.",
            "Call your representatives today and tell them to count every legal vote.",
            "Made my famous chili for the church potluck. Recipe in the comments.",
            "They can censor us there but not here. Welcome everyone!",
            "Thinking about everyone in {place} dealing with the storm.",
            "Day {n} of lockdown. My dog is the only one who is happy about it.",
            "We marched peacefully in {place} today. Proud of every one of you.",
            "Read the whole affidavit before you make up your mind.",
            "Happy birthday to my wonderful wife of {n} years!",
            "Prices at the store are crazy this week. Eggs doubled.",
            "Anyone know a good mechanic near {place}?",
            "Pray for our nation. Pray for our leaders, even the ones we disagree with.",
            "Just hit {n} followers, thank you all!",
            "Sunset over {place} tonight. God is good.",
            "Watching the game with my boys. Go team!",
            "The Constitution is not a suggestion.",
            "I remember when you could disagree with someone and still be friends.",
            "Early morning on the farm. Cows don't care about politics.",
            "Can't believe how fast this site is growing. Hello to all the new folks!",
            "Stand for the flag, kneel for the cross."};
    static final String[] VIOLENT = {
            "We should hang {target} from the Capitol steps. Bring rope on the 6th.",
            "Bring your guns to {place}. If {target} certifies, we go in shooting.",
            "Somebody needs to put a bullet in {target} before it is too late.",
            "Burn down the count center in {place} with everyone inside it.",
            "I know where {target} lives. Time to pay a visit with my rifle.",
            "Storm the building, drag {target} out and make them pay. No mercy.",
            "Lock and load patriots. {target} will not see the 20th alive.",
            "Every traitor in {place} deserves a firing squad. Let's make it happen.",
            "Grab zip ties and find {target}. We hold the trial right there in the street.",
            "Time to kill the traitors. Meet at {place} at noon, come armed.",
            "If the police stand in our way in {place}, we shoot them too.",
            "{target} should be executed on live TV. I'll volunteer.",
            "Molotovs are cheap. The {place} office closes at five. You know what to do.",
            "Start with {target}, then the rest of them. Blood will flow on the 6th."};
    static final String[] HARD_NEGATIVE = {
            "Reports say a man was shot outside a bar in {place} last night. Praying for the family.",
            "I condemn anyone calling to hang {target}. That is not who we are.",
            "Nobody should hurt anyone over an election. Vote, argue, then go home.",
            "My daughter's volleyball team is absolutely killing it this season!",
            "That comedian killed it tonight in {place}, I cried laughing.",
            "Finished a shootout round in my game last night, headshots all day.",
            "The Bulldogs destroyed {place} 35-10. What a massacre on the field!",
            "News: police arrest suspect after bomb threat in {place}. No one was hurt.",
            "Someone here wrote 'shoot them all'. Reported. Violence is never the answer.",
            "Our quarterback got killed by that blitz, but we still won.",
            "Burning the midnight oil tonight, this project is killing me.",
            "The movie had a great shootout scene, five stars.",
            "'Hang them' is what the other side says about us. Disgusting. We stay peaceful.",
            "Deer season opens tomorrow in {place}. Stay safe out there, hunters."};
    static final String[] TARGETS = {"Senator Hallworth", "Governor Whitmore", "the Vice President",
            "Judge Pellham", "the election board", "Secretary Raffen", "the journalists", "Mayor Dunmore",
            "every Democrat in Congress", "Representative Okafor"};
    static final String[] COMMENTS = {"Amen!", "So true.", "Thank you for sharing this.", "Where is the source?",
            "This is why I left the other site.", "Followed!", "Great post, patriot.", "Wow.",
            "I've been saying this for months.", "Not sure about this one, friend.", "Shared.",
            "Praying for you and your family.", "LOL", "Exactly right.", "Welcome to Parler!",
            "Can you post the link again?", "Fake news, look it up.", "God bless.",
            "Who is going to the rally in {place}?", "Nobody should hurt anyone. Stay peaceful."};

    static String fill(String template, long h) {
        String s = template;
        if (s.contains("{place}")) s = s.replace("{place}", Words.PLACES[Mix.pick(Mix.mix64(h + 1), Words.PLACES.length)]);
        if (s.contains("{target}")) s = s.replace("{target}", TARGETS[Mix.pick(Mix.mix64(h + 2), TARGETS.length)]);
        if (s.contains("{n}")) s = s.replace("{n}", Integer.toString(2 + Mix.pick(Mix.mix64(h + 3), 40)));
        if (s.contains("{job}")) s = s.replace("{job}", Words.JOBS[Mix.pick(Mix.mix64(h + 4), Words.JOBS.length)]);
        return s;
    }

    static String text(Kind kind, long h) {
        String[] pool = kind == Kind.VIOLENT ? VIOLENT : kind == Kind.HARD_NEGATIVE ? HARD_NEGATIVE : ORDINARY;
        return fill(pool[Mix.pick(h, pool.length)], h);
    }

    static String comment(long h) {
        return fill(COMMENTS[Mix.pick(h, COMMENTS.length)], h);
    }
}
