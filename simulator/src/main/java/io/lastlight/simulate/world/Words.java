package io.lastlight.simulate.world;

/** Word lists for names, bios, hashtags and link metadata. Changing them changes every world: append only. */
final class Words {
    private Words() {}

    static final String[] HANDLE_A = {"Patriot", "Liberty", "Freedom", "Eagle", "Texas", "Lone", "Proud", "True",
            "Red", "Silent", "Iron", "Golden", "Brave", "Mountain", "River", "Country", "Faith", "Honest", "Old",
            "Wild", "Rebel", "Grand", "Sunny", "Desert", "Ozark", "Coastal", "Prairie", "Northern", "Southern",
            "Midwest", "Blue", "Steel", "Cedar", "Maple", "Pine", "Granite", "Copper", "Hunter", "Trucker", "Farm"};
    static final String[] HANDLE_B = {"Mom", "Dad", "Grandpa", "Nana", "Vet", "Voice", "Warrior", "Rider", "Angel",
            "Hawk", "Wolf", "Bear", "Lion", "Rose", "Girl", "Guy", "Dude", "Lady", "Man", "Nurse", "Pilot",
            "Farmer", "Builder", "Citizen", "Watcher", "Thinker", "Reader", "Writer", "Coach", "Trader", "Fan",
            "Sailor", "Marine", "Medic", "Teacher", "Cowboy", "Ranger", "Scout", "Knight", "Miner"};
    static final String[] FIRST = {"James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
            "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
            "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra",
            "Donald", "Ashley", "Steven", "Donna", "Paul", "Carol", "Andrew", "Michelle", "Joshua", "Amanda",
            "Kenneth", "Melissa", "Faisal", "Noura", "Abdullah", "Reem", "Omar", "Layla"};
    static final String[] LAST = {"Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
            "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White", "Harris", "Clark",
            "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright", "Hill", "Scott", "Green", "Adams",
            "Baker", "Nelson", "Carter", "Mitchell", "Roberts", "Turner", "Phillips", "Campbell", "Parker",
            "Al-Harbi", "Al-Qahtani", "Al-Otaibi"};
    /** Hashtags (without '#'), most popular first: the hashtag feed sizes follow this order. */
    static final String[] TAGS = {"MAGA", "StopTheSteal", "Trump2020", "ParlerNews", "AmericaFirst", "KAG",
            "FreeSpeech", "WWG1WGA", "Election2020", "ElectionFraud", "2A", "BackTheBlue", "Patriots",
            "FightBack", "Biden", "Constitution", "GodBlessAmerica", "Texas", "Georgia", "Freedom",
            "Liberty", "Parler", "NewHere", "Covid19", "Lockdown", "Veterans", "Faith", "Economy", "Jobs",
            "Hunting", "Fishing", "Football", "NFL", "Gaming", "Recipes", "Gardening", "Dogs", "Cats",
            "SaudiArabia", "Riyadh", "Music", "Movies", "Photography", "Weather", "History", "Cars",
            "Trucks", "Farming", "Nature", "Coffee"};
    static final String[] EMOJI = {"\uD83C\uDDFA\uD83C\uDDF8", "\uD83E\uDD85", "\u271D\uFE0F", "\uD83D\uDE4F",
            "\uD83D\uDCAA", "\uD83D\uDD25", "\u2764\uFE0F", "\uD83C\uDF3E", "\uD83D\uDC36", "\u2B50"};
    static final String[] BIO = {"Wife, mother, patriot.", "Retired {job}. Love God and country.",
            "Just a {job} from {place}.", "Proud {job}. Here for free speech.", "{place} born and raised.",
            "Husband, father, {job}.", "Grandma of 6. Sharing what the media won't.",
            "Small business owner in {place}.", "Army vet. {job} now.", "Follow back patriots!",
            "Here because they kicked me off the other place.", "News junkie. {place}.", ""};
    static final String[] JOBS = {"nurse", "trucker", "teacher", "farmer", "electrician", "pastor", "engineer",
            "mechanic", "firefighter", "police officer", "realtor", "plumber", "accountant", "rancher"};
    static final String[] PLACES = {"Texas", "Ohio", "Florida", "Georgia", "Arizona", "Michigan", "Idaho",
            "Tennessee", "Montana", "Pennsylvania", "Wisconsin", "Riyadh", "Jeddah", "the Ozarks",
            "upstate New York", "the Carolinas"};
    static final String[] SITES = {"newsdaily.example", "patriotwire.example", "freedomreport.example",
            "localherald.example", "videohost.example", "thegazette.example", "truthfeed.example",
            "weatherdesk.example"};
    static final String[] HEADLINES = {"Officials announce new count in {place}", "What they are not telling you about the vote",
            "Court hears arguments on election challenge", "Winter storm heads toward {place}",
            "Local team wins state title", "Small businesses struggle under lockdown", "Veterans honored in {place}",
            "Report: new rules for social media", "Rally draws thousands in {place}", "Prices rise again at the pump"};
}
