"""Notifications (短信/邮件通知): who is told of which event, as the centre and e-supervision ask."""
