"""Channels people reach the assistant through: the website chat widget (socket.io)
and SMS (Twilio), with the SMS text shaping."""
