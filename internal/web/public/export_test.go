package public

// WidgetReply lets the external tests decode what the widget API answers.
type WidgetReply = widgetReply
