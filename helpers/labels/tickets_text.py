"""The words of lesson 08's support tickets (data only, no logic).

* :data:`CLASSES` and the class indices ``BILLING, TECHNICAL, ACCOUNT, SHIPPING``;
* :data:`TEMPLATES` -- sentence templates of each class, with ``{slot}`` gaps;
* :data:`SLOTS` -- the vocabulary each slot is filled from (``{orderno}`` is a
  random number instead);
* :data:`NEUTRAL`, :data:`OPENERS`, :data:`CLOSERS`, :data:`URGENT` -- filler any
  class may contain, and :data:`URGENT_RATE`, how often each class sounds urgent.

:mod:`helpers.labels.tickets` writes tickets from them.
"""

from __future__ import annotations

CLASSES: tuple[str, ...] = ("billing", "technical", "account", "shipping")
BILLING, TECHNICAL, ACCOUNT, SHIPPING = range(4)


# Slot vocabularies, shared by every class's templates.
SLOTS: dict[str, tuple[str, ...]] = {
    "charged": ("charged", "billed", "debited", "charged", "billed"),
    "twice": ("twice", "two times", "double", "again this month"),
    "plan": (
        "subscription",
        "monthly plan",
        "annual plan",
        "premium plan",
        "membership",
    ),
    "card": ("card", "credit card", "visa card", "debit card", "paypal account"),
    "fee": ("a fee", "an extra fee", "a late fee", "a service charge", "a payment"),
    "statement": ("statement", "bank statement", "card statement", "invoice"),
    "money": ("$12", "$29.99", "$49", "$5.50", "$120", "$15"),
    "crashes": ("crashes", "freezes", "keeps crashing", "hangs", "closes itself"),
    "action": (
        "open settings",
        "upload a photo",
        "save a file",
        "start the app",
        "open the dashboard",
        "export a report",
    ),
    "feature": ("export", "search", "sync", "dark mode", "calendar", "upload"),
    "device": ("my phone", "my laptop", "the tablet", "android", "my iphone", "chrome"),
    "code": ("E101", "E404", "0x80070005", "E503", "0xC0000005", "E2041"),
    "version": ("v2.3", "v2.4", "v3.0", "v3.1"),
    "login": ("log in", "login", "sign in", "log into", "sign into"),
    "reset": ("reset link", "reset email", "verification code", "confirmation email"),
    "profile": ("profile", "account settings", "account", "user profile"),
    "package": ("package", "parcel", "order", "box", "delivery"),
    "item": (
        "headphones",
        "shoes",
        "charger",
        "jacket",
        "lamp",
        "book",
        "blender",
        "backpack",
        "keyboard",
        "sofa cover",
        "phone case",
        "desk chair",
    ),
    "days": ("5 days", "8 days", "10 days", "12 days", "two weeks"),
    "courier": ("courier", "driver", "delivery guy", "post office"),
}


# (class, template). Keywords the labeling functions of lesson 08 look for appear in
# only some templates; the rest are carried by words no rule uses.
TEMPLATES: dict[int, tuple[str, ...]] = {
    BILLING: (
        "i was {charged} {twice} for my {plan}",
        "can i get a refund for my {plan}",
        "my {card} was declined when i tried to pay",
        "the invoice shows the wrong amount",
        "why did the price of my {plan} go up to {money}",
        "please cancel my {plan} and stop the payments",
        "there is {fee} on my {statement} i do not recognise",
        "the discount code did not apply at checkout",
        "i need a receipt for order #{orderno} for my expenses",
        "i was {charged} {money} but my {plan} was cancelled",
        "how do i update my payment method",
        "i want my money back, the {plan} is too expensive",
        "you took {money} from my {card} without asking",
        "my {plan} renewed although i cancelled it last month",
        "the {statement} lists {fee} for a service i never used",
        "is there a student discount on the {plan}",
        "please switch me to yearly billing",
        "the vat number is missing on my receipt",
        "i was promised a credit of {money} but it never appeared",
        "why does checkout say my {card} has expired",
    ),
    TECHNICAL: (
        "the app {crashes} when i {action}",
        "i get error code {code} when i {action}",
        "the page loads forever on {device}",
        "since the update to {version} the {feature} does not work",
        "the {feature} button does nothing on {device}",
        "sync is broken between {device} and the website",
        "notifications stopped working after the latest update",
        "the screen goes blank when i {action}",
        "there is a bug in the {feature} screen",
        "the app is very slow on {device} since {version}",
        "{feature} shows an empty list even though i have data",
        "i see a white screen when i {action} on {device}",
        "the {feature} spinner never stops on {device}",
        "the app drains my battery since {version}",
        "images are not loading in the {feature} tab",
        "the app shows a timeout when i {action}",
        "the desktop client will not install on windows",
        "my changes are not saved when i {action}",
        "the {feature} widget shows yesterday's numbers",
        "the app says something went wrong when i {action}",
    ),
    ACCOUNT: (
        "i cannot {login} my account",
        "i forgot my password and the {reset} never arrived",
        "my account is locked after too many attempts",
        "i want to change the email address on my {profile}",
        "how do i delete my account and all my data",
        "someone else may have access to my account",
        "the two factor code is not accepted",
        "please merge my two accounts",
        "the {reset} never arrived",
        "i need to update my username",
        "my {profile} says it is suspended",
        "i cannot sign in with google anymore",
        "i lost access to the phone number linked to my account",
        "my {profile} shows someone else's name",
        "i never signed up but got a welcome email",
        "how do i transfer my account to a new email",
        "the security questions are not accepted",
        "my {profile} was deactivated without warning",
        "i want to add a second user to my {profile}",
        "my username is taken by another person",
    ),
    SHIPPING: (
        "my {package} has not arrived yet",
        "tracking says delivered but i never got my {package}",
        "order #{orderno} is still in transit",
        "the {courier} left my {package} at the wrong address",
        "can i change the delivery address for order #{orderno}",
        "the {item} arrived damaged",
        "i paid {money} for express shipping but it took {days}",
        "when will my {item} be shipped",
        "i received the wrong {item} in my {package}",
        "the {item} i ordered {days} ago never arrived",
        "the {courier} says the address does not exist",
        "my {package} is stuck at customs",
        "half of my {item} order is missing",
        "the {courier} never rang the bell",
        "can you ship to a po box in canada",
        "the estimated arrival date keeps moving",
        "i need the {item} before friday, can you send it express",
        "the box was opened and the {item} is gone",
        "i want to return the {item}, where do i send it",
        "the {courier} asked me to pay customs duties",
    ),
}


# Sentences any class may contain: they dilute the signal and share words across
# classes ("email", "order", "update", "account").
NEUTRAL = (
    "i have been a customer for years",
    "i tried again this morning",
    "my colleague has the same problem",
    "this is the second time i write to you",
    "nobody answered my last email",
    "i already checked the help pages",
    "i am using {device}",
    "it started last week",
    "please reply by email",
    "i am on the {plan}",
    "my order history looks fine otherwise",
    "i waited for an update for days",
    "my account number is {orderno}",
    "screenshot attached",
)


OPENERS = ("hi", "hello", "hey team", "good morning", "hi support", "dear support")


CLOSERS = (
    "thanks",
    "thank you",
    "regards",
    "any help appreciated",
    "please advise",
    "thanks in advance",
)


URGENT = ("please help!", "this is urgent!!", "asap!", "help!!", "so frustrated!")


# Locked-out customers write short, urgent tickets; others less often.
URGENT_RATE = {BILLING: 0.12, TECHNICAL: 0.15, ACCOUNT: 0.45, SHIPPING: 0.15}
